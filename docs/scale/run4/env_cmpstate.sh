#!/bin/sh
# state.json of one create by each binary, pid/startTime/created masked, compared byte for byte
R=/tmp/wt15c/root-cmp
for t in before after; do
  /tmp/wt15c/bin/hako-$t --root $R create -b $1 cmp-x || exit 1
  sed -E 's/"pid":[0-9]+/"pid":P/; s/"startTime":[0-9]+/"startTime":T/; s/"created":"[^"]*"/"created":C/' $R/cmp-x/state.json > /tmp/wt15c/state-$t.json
  /tmp/wt15c/bin/hako-$t --root $R state cmp-x | sed -E 's/"pid": [0-9]+/"pid": P/; s/"created": "[^"]*"/"created": C/' > /tmp/wt15c/oci-$t.json
  /tmp/wt15c/bin/hako-$t --root $R delete --force cmp-x
done
cmp /tmp/wt15c/state-before.json /tmp/wt15c/state-after.json && cmp /tmp/wt15c/oci-before.json /tmp/wt15c/oci-after.json && echo IDENTICAL $(wc -c < /tmp/wt15c/state-after.json)
