# Runs inside the guest's chroot (the host's / with an overlay): the shipper's live source reads the
# module while the workloads run; the dry-run output and the workloads' own records go to /yalas-out.
# SHIPPER_DIR is substituted by live-test.sh.
B=/tmp/busybox
O=/yalas-out
J=/usr/lib/jvm/java-17-openjdk-amd64/bin/java
CP="SHIPPER_DIR/target/yalas-sensor-shipper-0.1.0.jar:SHIPPER_DIR/target/lib/*"
$J -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -Dlog4j2.configurationFile=classpath:yalas-shipper-log4j2.xml \
	-cp "$CP" io.yalas.shipper.cli.ShipperMain --live --dry-run --metrics-listen off --coalesce-window 1s \
	> $O/events.tsv 2> $O/shipper.err &
SP=$!
# the shipper logs the /proc seeding right after it started the capture
i=0
while ! $B grep -q "seeded" $O/shipper.err && [ $i -lt 600 ]; do $B sleep 0.2; i=$((i+1)); done
$B grep -q "seeded" $O/shipper.err || { echo "LIVE-FAIL: shipper did not start"; $B cat $O/shipper.err; exit 1; }
echo "LIVE: shipper up after $((i/5)) s"
$B mkdir -p /tmp/fam
/tmp/yalas-workload families /tmp/fam $O/families.exp
/tmp/yalas-workload stress 20000 T0 0 & W0=$!
/tmp/yalas-workload stress 20000 T1 1 & W1=$!
wait $W0 $W1
echo "$W0 $W1" > $O/stress.pids
$B sleep 3
kill -TERM $SP
wait $SP
echo "$?" > $O/shipper.rc
$B grep -E '^(drops|records|filtered)' /proc/yalas > $O/proc-yalas.txt
echo "LIVE: shipper exited $(cat $O/shipper.rc)"
