#!/usr/bin/env bash
# PaperCut-style server-command scripts against a running Folio: usage: server_command.sh NODE FOLIO PORT TOKEN DIR
# Only host, port and token differ from a script written for PaperCut's own server-command.
set -u
NODE=$1 FOLIO=$2 PORT=$3 TOKEN=$4 DIR=$5

# PaperCut's scripts find server-command on the PATH (child shells too, as in `xargs … | bash`).
mkdir -p "$DIR/bin"
printf '#!/usr/bin/env bash\nexec "%s" "%s" server-command "$@" --host 127.0.0.1 --port "%s" --auth-token "%s"\n' \
  "$NODE" "$FOLIO" "$PORT" "$TOKEN" > "$DIR/bin/server-command"
chmod +x "$DIR/bin/server-command"
export PATH="$DIR/bin:$PATH"

fail() { echo "FAIL: $*" >&2; exit 1; }
check() { [ "$2" == "$3" ] || fail "$1: expected [$2], got [$3]"; }

wait_for_task() {
  for _ in $(seq 1 200); do
    server-command get-task-status | head -1 | grep -q '^Completed: true$' && return 0
    sleep 0.05
  done
  fail "task never completed"
}

# An empty site: a listing prints nothing, so a while-read loop runs zero times.
count=0
server-command list-user-accounts > "$DIR/empty.out" || fail "list on an empty site"
while read -r _; do count=$((count + 1)); done < "$DIR/empty.out"
check "empty listing" 0 "$count"

# Users from an import file; the trailing overwrite flags are optional, as in PaperCut's tool.
printf 'alice\tpw-a\t10.00\tN\tAlice Liddell\talice@example.org\tMaths\tM-1\t1001\t\t\t\t\n' > "$DIR/internal.tsv"
printf 'bob\tpw-b\t0\tN\tBob Dylan\tbob@example.org\tMusic\tB-2\t1002\t\t\t\t\n' >> "$DIR/internal.tsv"
printf 'carol\tpw-c\t5\tY\tCarol Ann\t\tMaths\t\t\t\t\t\t\n' >> "$DIR/internal.tsv"
out=$(server-command batch-import-internal-users "$DIR/internal.tsv") || fail "batch-import-internal-users FILE"
check "a void command prints nothing" "" "$out"
wait_for_task
status=$(server-command get-task-status)
case "$status" in "Completed: true"$'\n'*) ;; *) fail "get-task-status: [$status]" ;; esac
case "$status" in *"{"*) fail "get-task-status printed a struct: [$status]" ;; esac

printf 'carol\t1003\n' > "$DIR/cards.tsv"
server-command batch-import-user-card-id-numbers "$DIR/cards.tsv" > /dev/null || fail "batch-import-user-card-id-numbers FILE"
wait_for_task
check "look-up-user-name-by-id-no" carol "$(server-command look-up-user-name-by-id-no 1003)"

# The classic loop: every user, one per line, fed to another command.
for n in $(seq 1 4); do server-command add-new-internal-user "user$n" pw "User $n" "" "" "" || fail "add user$n"; done
listed=0
server-command list-user-accounts | while read -r user; do
  server-command get-user-property "$user" full-name > /dev/null || exit 1
done || fail "a while-read loop over list-user-accounts"
listed=$(server-command list-user-accounts | wc -l)
check "every user listed" 7 "$listed"
check "total users" 7 "$(server-command get-total-users)"

# listGroupMembership.sh, as PaperCut publishes it: xargs over the listing.
server-command add-new-group Staff || fail "add-new-group"
server-command add-user-to-group alice Staff || fail "add-user-to-group"
membership=$(server-command list-user-accounts | head -3 | xargs -I {} echo 'printf "%s:%s\n" {} "$(server-command get-user-groups {} | tr "\n" ,)"' | bash)
echo "$membership" | grep -q '^alice:.*Staff' || fail "xargs over list-user-accounts: [$membership]"
check "get-group-members" alice "$(server-command get-group-members Staff)"
check "list-group-members" alice "$(server-command list-group-members Staff)"
server-command list-user-groups | grep -qx Staff || fail "list-user-groups"

# Balances and config values with PaperCut's names.
server-command adjust-user-account-balance alice -2.25 "coffee" || fail "adjust"
check "balance" 7.75 "$(server-command get-user-account-balance alice)"
check "user-exists" true "$(server-command user-exists alice)"
server-command set-config custom.site-name "Lab" || fail "set-config"
check "get-config" Lab "$(server-command get-config custom.site-name)"
server-command add-new-shared-account Marketing || fail "add shared"
server-command add-new-shared-account 'Marketing\Events' || fail "add sub"
check "list-shared-accounts" $'Marketing\nMarketing\\Events' "$(server-command list-shared-accounts)"

# Errors: on stderr, nothing on stdout, a non-zero status, naming the CLI arguments.
if out=$(server-command get-user-property alice 2> "$DIR/err"); then fail "a missing argument succeeded"; fi
check "stdout on error" "" "$out"
grep -q '<user> <property>' "$DIR/err" || fail "argument error: $(cat "$DIR/err")"
grep -qi 'NoSuchMethodException\|authToken' "$DIR/err" && fail "Java in an argument error: $(cat "$DIR/err")"
if server-command get-user-account-balance nobody > /dev/null 2> "$DIR/err"; then fail "unknown user succeeded"; fi
grep -q "nobody" "$DIR/err" || fail "fault text: $(cat "$DIR/err")"

# No arguments, or --list: every command with its arguments.
listing=$("$NODE" "$FOLIO" server-command)
echo "$listing" | grep -qx 'list-user-accounts' || fail "no list-user-accounts in the command list"
echo "$listing" | grep -q '^batch-import-internal-users <import-file> \[overwrite-existing-passwords\] \[overwrite-existing-pins\]' || fail "batch-import-internal-users usage: $(echo "$listing" | grep batch-import-internal)"
echo "$listing" | grep -q '^adjust-user-account-balance <user> <amount> <comment> \[account-name\]$' || fail "adjust usage"
check "--list" "$listing" "$("$NODE" "$FOLIO" server-command --list)"

echo "server-command ok"
