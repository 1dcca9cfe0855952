"""Sends logs to logsieve through the stock Python clients of four shipper protocols, changed
only in URL and key: python-logging-loki (Loki push), elasticsearch-py's helpers.bulk,
splunk-handler (Splunk HEC) and graypy's GELFHTTPHandler. Prints what each client saw as JSON.
Usage: send_through_clients.py BASE_URL API_KEY RUN_ID"""
import json
import logging
import sys
from datetime import datetime, timedelta, timezone
from urllib.parse import urlparse

import graypy
import logging_loki
from elasticsearch import Elasticsearch, helpers
from splunk_handler import SplunkHandler

base, key, run = sys.argv[1:4]
url = urlparse(base)
seen = {"loki": [], "elasticsearch": [], "splunk": [], "gelf": []}


def email(name):
    # Built at run time: a fixture, not a leaked address.
    return "%s.%s@%s" % (name, run, "example.com")


def recording(handler_class, name):
    """The stock handler, with the errors it would print to stderr kept instead."""

    class Recording(handler_class):
        def handleError(self, record):
            seen[name].append(repr(sys.exc_info()[1]))

        def write_log(self, message):  # splunk-handler's own error output
            seen[name].append(message)

    return Recording


def log_through(handler, name, message):
    logger = logging.getLogger("clients-%s-%s" % (name, run))
    logger.propagate = False
    logger.addHandler(handler)
    logger.warning(message)
    handler.flush()
    handler.close()


# Loki: Basic auth, the key as the password.
log_through(
    recording(logging_loki.LokiHandler, "loki")(url=base + "/loki/api/v1/push", tags={"service": "py-loki"}, auth=("logsieve", key), version="1"),
    "loki",
    "login failed for %s run %s" % (email("loki"), run),
)

# Elasticsearch: helpers.bulk with Basic auth; the second document is too old to take.
es = Elasticsearch(base, basic_auth=("logsieve", key))
info = es.info()
now = datetime.now(timezone.utc)
success, errors = helpers.bulk(
    es,
    [
        {"_op_type": "create", "_index": "logs-py", "@timestamp": now.isoformat(), "message": "password reset for %s run %s" % (email("es"), run), "log.level": "warn", "service.name": "py-es"},
        {"_op_type": "create", "_index": "logs-py", "@timestamp": (now - timedelta(days=30)).isoformat(), "message": "ancient run %s" % run, "service.name": "py-es"},
    ],
    raise_on_error=False,
)
seen["elasticsearch"] = {"version": info["version"]["number"], "success": success, "errors": [e.get("create", {}).get("status") for e in errors]}

# Splunk HEC: Authorization: Splunk <key>, sent at once.
splunk = recording(SplunkHandler, "splunk")(host=url.hostname, port=url.port, token=key, index="main", protocol="http", flush_interval=0, sourcetype="py-app", retry_count=0, verify=False)
log_through(splunk, "splunk", "refund for %s run %s" % (email("hec"), run))

# GELF over HTTP: graypy has no auth option; its headers dict carries the key.
gelf = recording(graypy.GELFHTTPHandler, "gelf")(url.hostname, url.port, path="/gelf", facility="py-gelf")
gelf.headers["X-API-Key"] = key
log_through(gelf, "gelf", "signup for %s run %s" % (email("gelf"), run))

print(json.dumps(seen))
