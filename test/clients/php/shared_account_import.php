<?php
// A shared-account import with access entries, in PHP's xmlrpc extension: usage: shared_account_import.php URL TOKEN IMPORT_DIR
//
// The file names an access user and an access group that do not exist, and the all-users group in
// both spellings ([All Users] as PaperCut's screens write it, !!All Users!! as its API does). PaperCut
// imports such accounts, leaving the unknown entries out; so must Folio, reporting them by line.
// Exits non-zero at the first mismatch.

[$script, $url, $token, $importDir] = $argv;

function check($actual, $expected, string $what): void
{
    if ($actual === $expected) {
        return;
    }
    fwrite(STDERR, "MISMATCH $what: expected " . var_export($expected, true) . ', got ' . var_export($actual, true) . "\n");
    exit(1);
}

function rpc(string $method, array $params)
{
    global $url;
    $context = stream_context_create(['http' => [
        'method' => 'POST',
        'header' => "Content-Type: text/xml\r\n",
        'content' => xmlrpc_encode_request($method, $params),
        'ignore_errors' => true,
    ]]);
    $result = xmlrpc_decode(file_get_contents($url, false, $context));
    if (is_array($result) && xmlrpc_is_fault($result)) {
        fwrite(STDERR, "MISMATCH $method faulted: {$result['faultCode']} {$result['faultString']}\n");
        exit(1);
    }
    return $result;
}

function api(string $method, ...$args)
{
    global $token;
    return rpc("api.$method", array_merge([$token], $args));
}

function waitForTask(): void
{
    for ($i = 0; $i < 400; $i++) {
        $status = rpc('api.getTaskStatus', []);
        if ($status['completed']) {
            return;
        }
        usleep(25000);
    }
    fwrite(STDERR, "MISMATCH the import task never completed\n");
    exit(1);
}

check(api('addNewInternalUser', 'alice', 'pw', 'Alice', '', '', ''), true, 'alice');
check(api('addNewGroup', 'Staff'), true, 'Staff');

$file = "$importDir/shared-accounts.tsv";
file_put_contents($file, implode("\n", [
    // parent, sub, enabled, PIN, balance, restricted, users, groups, invoice, comment, notes
    "Marketing\t\tY\t\t10.00\tN\talice|ghost\tStaff|Phantoms\t\t\tcampaigns",
    "Marketing\tEvents\tY\t\t\tN\t\t[All Users]\t\t\t",
    "Sales\t\tY\t\t\tN\t\t!!All Users!!|[all users]\t\t\t",
]) . "\n");

$feedback = api('batchImportSharedAccounts', $file, false, false);
waitForTask();
check(strpos($feedback, "Line 1: skipped: the access user 'ghost' does not exist") !== false, true, "ghost reported: $feedback");
check(strpos($feedback, "Line 1: skipped: the access group 'Phantoms' does not exist") !== false, true, "Phantoms reported: $feedback");
check(strpos($feedback, 'not applied') === false, true, "no line thrown away: $feedback");

check(api('listSharedAccounts', 0, 0), ['Marketing', 'Marketing\\Events', 'Sales'], 'every account imported');
check(api('getSharedAccountAccountBalance', 'Marketing'), 10.0, 'the balance of the line with unknown entries');
check(api('getSharedAccountProperty', 'Marketing', 'access-users'), 'alice', 'the known access user');
check(api('getSharedAccountProperty', 'Marketing', 'access-groups'), 'Staff', 'the known access group');
check(api('getSharedAccountProperty', 'Marketing\\Events', 'access-groups'), '!!All Users!!', '[All Users]');
check(api('getSharedAccountProperty', 'Sales', 'access-groups'), '!!All Users!!', 'both spellings are one group');
check(api('listUserSharedAccounts', 'alice', 0, 0), ['Marketing', 'Marketing\\Events', 'Sales'], 'alice may charge all three');

echo "shared account import ok\n";
