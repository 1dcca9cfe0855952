// splunk-logging (Splunk's HEC client for Node) ships no types: what shippers.e2e-spec uses of it.
declare module 'splunk-logging' {
  interface SplunkEvent {
    message: unknown;
    severity?: string;
    metadata?: { source?: string; sourcetype?: string; index?: string; host?: string };
  }
  class Logger {
    constructor(config: { token: string; url: string; maxBatchCount?: number });
    send(event: SplunkEvent, callback: (error: Error | null, response: { statusCode: number }, body: unknown) => void): void;
    error: (error: Error) => void;
  }
  const splunk: { Logger: typeof Logger };
  export default splunk;
}
