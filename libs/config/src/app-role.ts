/** Which root modules a process boots. One image runs as any of them. */
export enum AppRole {
  Api = 'api',
  Worker = 'worker',
  All = 'all',
}

export const runsApi = (role: AppRole): boolean => role === AppRole.Api || role === AppRole.All;
export const runsWorker = (role: AppRole): boolean => role === AppRole.Worker || role === AppRole.All;
