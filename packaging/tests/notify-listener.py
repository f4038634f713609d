#!/usr/bin/env python3
"""Plays systemd's side of sd_notify for check-fresh-install.sh, where no
systemd runs: binds NOTIFY_SOCKET (a datagram socket) and prints each message
as 'pid=N KEY=VALUE ...' on one line, the pid taken from the kernel's
credentials (SO_PASSCRED), as systemd checks it for NotifyAccess=main.
usage: notify-listener.py SOCKET_PATH   (runs until killed)"""
import os
import socket
import struct
import sys

path = sys.argv[1]
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
sock.bind(path)
# The services run as the ctibridge user; sending needs write permission.
os.chmod(path, 0o666)
print("listening", flush=True)
ucred_size = struct.calcsize("3i")
while True:
    data, ancillary, _, _ = sock.recvmsg(4096, socket.CMSG_SPACE(ucred_size))
    pid = "?"
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
            pid = str(struct.unpack("3i", payload[:ucred_size])[0])
    text = data.decode(errors="replace").replace("\n", " ")
    print(f"pid={pid} {text}", flush=True)
