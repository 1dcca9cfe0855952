// Loki's push messages (pkg/push/push.proto: PushRequest, StreamAdapter, EntryAdapter,
// LabelPairAdapter, with google.protobuf.Timestamp) as a protobufjs JSON descriptor.
import protobuf from 'protobufjs';

const descriptor = {
  nested: {
    loki: {
      nested: {
        Timestamp: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } },
        LabelPairAdapter: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        EntryAdapter: {
          fields: {
            timestamp: { type: 'Timestamp', id: 1 },
            line: { type: 'string', id: 2 },
            structuredMetadata: { rule: 'repeated', type: 'LabelPairAdapter', id: 3 },
          },
        },
        StreamAdapter: {
          fields: {
            labels: { type: 'string', id: 1 },
            entries: { rule: 'repeated', type: 'EntryAdapter', id: 2 },
            hash: { type: 'uint64', id: 3 },
          },
        },
        PushRequest: { fields: { streams: { rule: 'repeated', type: 'StreamAdapter', id: 1 } } },
      },
    },
  },
};

const root = protobuf.Root.fromJSON(descriptor);
export const PushRequest = root.lookupType('loki.PushRequest');
