# The everyday administrator's script, in Perl's XMLRPC::Lite: usage: admin_tasks.pl URL TOKEN IMPORT_DIR
#
# The same tasks and expected results as test/clients/python/admin_tasks.py. XMLRPC::Lite guesses
# types from the text: digit-only strings (the card numbers 4001, 4002) go as <int>, non-ASCII text
# goes as <base64>, 1 and 0 serve as booleans, and every call is a new connection (Connection: close).
# Like most Perl scripts this file does not `use utf8`: its literals are UTF-8 bytes, and the text
# that comes back is decoded characters. Exits non-zero at the first mismatch.
use strict;
use warnings;
use Encode qw(decode);
use Time::HiRes qw(sleep time);
use XMLRPC::Lite;

my ($url, $token, $import_dir) = @ARGV;
my $rpc = XMLRPC::Lite->proxy($url);
my $CHEMISTRY = 'Chimie générale';
my $chemistry_text = decode('UTF-8', $CHEMISTRY);

sub show { my ($value) = @_; return ref $value eq 'ARRAY' ? '[' . join(', ', map { show($_) } @$value) . ']' : defined $value ? "'$value'" : 'undef' }

sub check {
  my ($actual, $expected, $what) = @_;
  return if show($actual) eq show($expected);
  print STDERR "MISMATCH $what: expected ", show($expected), ', got ', show($actual), "\n";
  exit 1;
}

sub call {
  my ($method, @args) = @_;
  my $som = $rpc->call("api.$method", @args);
  if ($som->fault) {
    print STDERR "MISMATCH $method faulted: ", $som->faultcode, ' ', $som->faultstring, "\n";
    exit 1;
  }
  return $som->result;
}

sub api { my ($method, @args) = @_; return call($method, $token, @args) }

sub fault_code {
  my ($method, @args) = @_;
  my $som = $rpc->call("api.$method", $token, @args);
  return $som->faultcode if $som->fault;
  print STDERR "MISMATCH expected a fault from $method, got ", show($som->result), "\n";
  exit 1;
}

sub step { print "- $_[0]\n" }

step('users in two departments, and two users with cards');
for my $n (1 .. 12) {
  my $user = sprintf('phy%02d', $n);
  check(api('addNewInternalUser', $user, 'pw', sprintf('Physics Student %02d', $n), '', '', ''), 1, "add $user");
  check(api('setUserProperties', $user, [['department', 'Physics'], ['office', 'P-1']]), 1, "$user dept");
}
for my $n (1 .. 5) {
  my $user = sprintf('chem%02d', $n);
  check(api('addNewInternalUser', $user, 'pw', sprintf('Chemistry Student %02d', $n), '', '', ''), 1, "add $user");
  check(api('setUserProperty', $user, 'department', $CHEMISTRY), 1, "$user dept (sent as base64)");
}
check(api('addNewInternalUser', 'ann', 'pw', 'Ann', '', '4001', ''), 1, 'add ann (card sent as <int>)');
check(api('addNewInternalUser', 'ben', 'pw', 'Ben', '', '4002', ''), 1, 'add ben');

step('find the users of a department, a page at a time');
my (@physics, $offset, $pages);
my ($chemistry, $page_size) = (0, 4);
($offset, $pages) = (0, 0);
while (1) {
  my $page = api('listUserAccounts', $offset, $page_size);
  $pages += 1;
  for my $user (@$page) {
    my $department = api('getUserProperty', $user, 'department');
    if ($department eq 'Physics') { push @physics, $user }
    elsif ($department eq $chemistry_text) { $chemistry += 1 }
  }
  last if @$page < $page_size;
  $offset += $page_size;
}
check(\@physics, [map { sprintf('phy%02d', $_) } 1 .. 12], 'the Physics users, in order');
check($chemistry, 5, 'users whose department is written with accents');
check($pages, 5, '19 users in pages of 4');

step("swap two users' card numbers");
check(fault_code('setUserProperty', 'ann', 'primary-card-number', '4002'), 305, 'a card held by another user is refused');
check(api('setUserProperty', 'ann', 'primary-card-number', 'swap-4001'), 1, 'ann parks her card');
check(api('setUserProperty', 'ben', 'primary-card-number', '4001'), 1, "ben takes ann's card");
check(api('setUserProperty', 'ann', 'primary-card-number', '4002'), 1, "ann takes ben's card");
check(api('lookUpUserNameByCardNo', '4001'), 'ben', "4001 is ben's");
check(api('lookUpUserNameByCardNo', '4002'), 'ann', "4002 is ann's");
check(api('lookUpUserNameByCardNo', 'swap-4001'), '', 'the parking number is free again');

step('top up, charge and refund');
check(api('adjustUserAccountBalance', 'phy01', 12.50, 'cash top-up'), 1, 'top up 12.50');
check(api('setUserProperty', 'phy01', 'restricted', 'true'), 1, 'restrict phy01');
check(api('adjustUserAccountBalanceIfAvailable', 'phy01', -3.35, 'print job'), 1, 'charge 3.35');
check(api('adjustUserAccountBalanceIfAvailable', 'phy01', -20, 'too big'), 0, '20 (an <int>) is not available');
check(api('adjustUserAccountBalance', 'phy01', 1.15, 'refund: jammed printer'), 1, 'refund 1.15');
# XMLRPC::Lite hands a <double> over as the text that was sent.
check(api('getUserAccountBalance', 'phy01'), '10.3', '12.50 - 3.35 + 1.15');
check(api('getUserProperty', 'phy01', 'balance'), '10.30', 'the balance property');

step('import shared accounts from a file and poll the task');
my $path = "$import_dir/perl-accounts.tsv";
open(my $file, '>', $path) or die "cannot write $path: $!";
print $file "Physics\t\tY\t\t150.00\tN\tphy01|phy02\t\tALWAYS_INVOICE\tCOMMENT_OPTIONAL\tDepartment budget\n";
print $file "Physics\tLab A\tY\t4321\t25.50\tY\n";
print $file "$CHEMISTRY\t\tY\t\t80\n";
print $file "Broken\t\tmaybe\n";
close($file);
my $feedback = api('batchImportSharedAccounts', $path, 1, 0);
check(index($feedback, 'Test only: nothing was changed.') >= 0 ? 1 : 0, 1, "a test run says so: $feedback");
check(api('listSharedAccounts', 0, 100), [], 'a test run creates nothing');
$feedback = api('batchImportSharedAccounts', $path, 0, 0);
check(index($feedback, '4 lines read, 3 valid, 1 with problems') >= 0 ? 1 : 0, 1, "the feedback counts the lines: $feedback");
my $deadline = time() + 30;
my $status = call('getTaskStatus');
until ($status->{completed}) {
  check(time() < $deadline ? 1 : 0, 1, 'the import finishes within 30 s');
  sleep(0.1);
  $status = call('getTaskStatus');
}
my $message = $status->{message};
check(index($message, "Line 4: not applied: enabled 'maybe' is not Y or N") >= 0 ? 1 : 0, 1, "the bad line is reported: $message");
check(index($message, 'Import finished: 3 of 3 records applied') >= 0 ? 1 : 0, 1, "the import finished: $message");
check(api('listSharedAccounts', 0, 100), [$chemistry_text, 'Physics', 'Physics\\Lab A'], 'the imported accounts');
check(api('getSharedAccountAccountBalance', 'Physics\\Lab A'), '25.5', 'Lab A');
check(api('getSharedAccountAccountBalance', 'Physics'), '150.0', 'Physics');
check(api('getSharedAccountProperty', 'Physics', 'access-users'), 'phy01,phy02', 'Physics access');
check(api('getSharedAccountProperty', 'Physics\\Lab A', 'restricted'), 'true', 'Lab A is restricted');
check(api('listUserSharedAccounts', 'phy02', 0, 10), ['Physics'], 'phy02 may charge Physics');

print "admin tasks ok\n";
