"""Two calls over HTTPS with an idle pause between them, on one xmlrpc.client proxy (one kept-alive connection).

Usage: idle_pause_tls.py URL TOKEN CA_FILE PAUSE_SECONDS
"""
import ssl
import sys
import time
import xmlrpc.client

url, token, ca_file, pause = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
proxy = xmlrpc.client.ServerProxy(url, context=ssl.create_default_context(cafile=ca_file))
print("first call:", proxy.api.getTotalUsers(token), flush=True)
time.sleep(pause)
# Before the fix the server had closed the idle connection at 5 s and this raised ssl.SSLEOFError.
print("second call:", proxy.api.getTotalUsers(token), flush=True)
print("idle pause ok")
