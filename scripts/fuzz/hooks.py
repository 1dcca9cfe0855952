# Schemathesis hooks: bodies for the media types it cannot serialise by itself.
import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    records = value if isinstance(value, list) else [value]
    return "\n".join(json.dumps(record) for record in records).encode()


@schemathesis.serializer("application/x-protobuf")
def protobuf(ctx, value):
    # Arbitrary bytes: the server must answer 400, never 500.
    return value if isinstance(value, bytes) else json.dumps(value).encode()
