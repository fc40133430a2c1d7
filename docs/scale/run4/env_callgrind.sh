#!/bin/sh
H=$1; B=$2; TAG=$3; R=/tmp/wt15c/root-cg
mount --bind /tmp/wt15c/bin /tmp/wt15c/bin && mount -o remount,bind,ro /tmp/wt15c/bin
V="valgrind --tool=callgrind"
$V --callgrind-out-file=/tmp/wt15c/cg.$TAG.create $H --root $R create -b $B cgx-$TAG 2>/tmp/wt15c/cg.$TAG.err
$H --root $R delete --force cgx-$TAG
$H --root $R create -b $B cg-$TAG && $H --root $R start cg-$TAG; sleep 0.3
$V --callgrind-out-file=/tmp/wt15c/cg.$TAG.delete $H --root $R delete cg-$TAG 2>>/tmp/wt15c/cg.$TAG.err
$H --root $R list
