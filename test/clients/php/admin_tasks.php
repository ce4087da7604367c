<?php
// The everyday administrator's script, in PHP's xmlrpc extension: usage: admin_tasks.php URL TOKEN IMPORT_DIR
//
// The same tasks and expected results as test/clients/python/admin_tasks.py, with the extension's
// default options, as most PHP scripts use it: requests declare ISO-8859-1 and escape every byte of
// UTF-8 text as &#NNN;, doubles go as %f (12.500000), and replies are decoded into ISO-8859-1.
// Exits non-zero at the first mismatch.

[$script, $url, $token, $importDir] = $argv;
const CHEMISTRY = 'Chimie générale';
$chemistryLatin1 = iconv('UTF-8', 'ISO-8859-1', CHEMISTRY);

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
    $body = file_get_contents($url, false, $context);
    if ($body === false) {
        fwrite(STDERR, "MISMATCH $method: no reply from $url\n");
        exit(1);
    }
    return xmlrpc_decode($body);
}

function api(string $method, ...$args)
{
    global $token;
    $result = rpc("api.$method", array_merge([$token], $args));
    if (is_array($result) && xmlrpc_is_fault($result)) {
        fwrite(STDERR, "MISMATCH $method faulted: {$result['faultCode']} {$result['faultString']}\n");
        exit(1);
    }
    return $result;
}

function faultCode(string $method, ...$args): int
{
    global $token;
    $result = rpc("api.$method", array_merge([$token], $args));
    if (is_array($result) && xmlrpc_is_fault($result)) {
        return $result['faultCode'];
    }
    fwrite(STDERR, "MISMATCH expected a fault from $method, got " . var_export($result, true) . "\n");
    exit(1);
}

function step(string $text): void
{
    echo "- $text\n";
}

step('users in two departments, and two users with cards');
for ($n = 1; $n <= 12; $n++) {
    $user = sprintf('phy%02d', $n);
    check(api('addNewInternalUser', $user, 'pw', sprintf('Physics Student %02d', $n), '', '', ''), true, "add $user");
    check(api('setUserProperties', $user, [['department', 'Physics'], ['office', 'P-1']]), true, "$user dept");
}
for ($n = 1; $n <= 5; $n++) {
    $user = sprintf('chem%02d', $n);
    check(api('addNewInternalUser', $user, 'pw', sprintf('Chemistry Student %02d', $n), '', '', ''), true, "add $user");
    check(api('setUserProperty', $user, 'department', CHEMISTRY), true, "$user dept (bytes escaped as &#NNN;)");
}
check(api('addNewInternalUser', 'ann', 'pw', 'Ann', '', '4001', ''), true, 'add ann');
check(api('addNewInternalUser', 'ben', 'pw', 'Ben', '', '4002', ''), true, 'add ben');

step('find the users of a department, a page at a time');
$physics = [];
$chemistry = 0;
$offset = 0;
$pages = 0;
$pageSize = 4;
while (true) {
    $page = api('listUserAccounts', $offset, $pageSize);
    $pages++;
    foreach ($page as $user) {
        $department = api('getUserProperty', $user, 'department');
        if ($department === 'Physics') {
            $physics[] = $user;
        } elseif ($department === $chemistryLatin1) {
            $chemistry++;
        }
    }
    if (count($page) < $pageSize) {
        break;
    }
    $offset += $pageSize;
}
check($physics, array_map(fn ($n) => sprintf('phy%02d', $n), range(1, 12)), 'the Physics users, in order');
check($chemistry, 5, 'users whose department is written with accents');
check($pages, 5, '19 users in pages of 4');

step("swap two users' card numbers");
check(faultCode('setUserProperty', 'ann', 'primary-card-number', '4002'), 305, 'a card held by another user is refused');
check(api('setUserProperty', 'ann', 'primary-card-number', 'swap-4001'), true, 'ann parks her card');
check(api('setUserProperty', 'ben', 'primary-card-number', '4001'), true, "ben takes ann's card");
check(api('setUserProperty', 'ann', 'primary-card-number', '4002'), true, "ann takes ben's card");
check(api('lookUpUserNameByCardNo', '4001'), 'ben', "4001 is ben's");
check(api('lookUpUserNameByCardNo', '4002'), 'ann', "4002 is ann's");
check(api('lookUpUserNameByCardNo', 'swap-4001'), '', 'the parking number is free again');

step('top up, charge and refund');
check(api('adjustUserAccountBalance', 'phy01', 12.50, 'cash top-up'), true, 'top up 12.50 (sent as 12.500000)');
check(api('setUserProperty', 'phy01', 'restricted', 'true'), true, 'restrict phy01');
check(api('adjustUserAccountBalanceIfAvailable', 'phy01', -3.35, 'print job'), true, 'charge 3.35');
check(api('adjustUserAccountBalanceIfAvailable', 'phy01', -20, 'too big'), false, '20 (an <int>) is not available');
check(api('adjustUserAccountBalance', 'phy01', 1.15, 'refund: jammed printer'), true, 'refund 1.15');
// The double parsed from Folio's exact decimal text is the very double the literal 10.3 is.
check(api('getUserAccountBalance', 'phy01'), 10.3, '12.50 - 3.35 + 1.15');
check(api('getUserProperty', 'phy01', 'balance'), '10.30', 'the balance property');

step('import shared accounts from a file and poll the task');
$path = "$importDir/php-accounts.tsv";
file_put_contents($path, implode('', [
    "Physics\t\tY\t\t150.00\tN\tphy01|phy02\t\tALWAYS_INVOICE\tCOMMENT_OPTIONAL\tDepartment budget\n",
    "Physics\tLab A\tY\t4321\t25.50\tY\n",
    CHEMISTRY . "\t\tY\t\t80\n",
    "Broken\t\tmaybe\n",
]));
$feedback = api('batchImportSharedAccounts', $path, true, false);
check(str_contains($feedback, 'Test only: nothing was changed.'), true, "a test run says so: $feedback");
check(api('listSharedAccounts', 0, 100), [], 'a test run creates nothing');
$feedback = api('batchImportSharedAccounts', $path, false, false);
check(str_contains($feedback, '4 lines read, 3 valid, 1 with problems'), true, "the feedback counts the lines: $feedback");
$deadline = microtime(true) + 30;
$status = rpc('api.getTaskStatus', []);
while (!$status['completed']) {
    check(microtime(true) < $deadline, true, 'the import finishes within 30 s');
    usleep(100000);
    $status = rpc('api.getTaskStatus', []);
}
$message = $status['message'];
check(str_contains($message, "Line 4: not applied: enabled 'maybe' is not Y or N"), true, "the bad line is reported: $message");
check(str_contains($message, 'Import finished: 3 of 3 records applied'), true, "the import finished: $message");
check(api('listSharedAccounts', 0, 100), [$chemistryLatin1, 'Physics', 'Physics\\Lab A'], 'the imported accounts');
check(api('getSharedAccountAccountBalance', 'Physics\\Lab A'), 25.5, 'Lab A');
check(api('getSharedAccountAccountBalance', 'Physics'), 150.0, 'Physics');
check(api('getSharedAccountProperty', 'Physics', 'access-users'), 'phy01,phy02', 'Physics access');
check(api('getSharedAccountProperty', 'Physics\\Lab A', 'restricted'), 'true', 'Lab A is restricted');
check(api('listUserSharedAccounts', 'phy02', 0, 10), ['Physics'], 'phy02 may charge Physics');

echo "admin tasks ok\n";
