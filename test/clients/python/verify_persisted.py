"""After a restart on the same data folder: every balance and name the session left is still there.
Usage: verify_persisted.py URL TOKEN."""
import sys
import xmlrpc.client

from expected_state import check_final_state

api = xmlrpc.client.ServerProxy(sys.argv[1]).api
check_final_state(api, sys.argv[2])
print("persisted state ok", flush=True)
