#!/usr/bin/python3
"""Reads a Prometheus text exposition on stdin with the reference client's own parser and prints
one sample per line, `name{label="value",...} value`, labels sorted. Exits 1 on a parse error."""
import sys

from prometheus_client.parser import text_string_to_metric_families

try:
    for family in text_string_to_metric_families(sys.stdin.read()):
        for s in family.samples:
            labels = ",".join('%s="%s"' % (k, v) for k, v in sorted(s.labels.items()))
            print("%s{%s} %r" % (s.name, labels, float(s.value)))
except Exception as e:  # the parser raises ValueError and friends; say which line, then fail
    print("parse error: %s" % e, file=sys.stderr)
    sys.exit(1)
