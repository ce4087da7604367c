# Listing and parent rows, in Perl's XMLRPC::Lite: usage: parent_rows.pl URL TOKEN
#
# As scripts in the wild do: ask for every shared account with a limit of 0, split each name into
# parent and sub-account, and address each row as parent . "\\" . sub, sub empty for a parent.
# Exits non-zero at the first mismatch.
use strict;
use warnings;
use XMLRPC::Lite;

my ($url, $token) = @ARGV;
my $rpc = XMLRPC::Lite->proxy($url);

sub api {
  my ($method, @args) = @_;
  my $som = $rpc->call("api.$method", $token, @args);
  if ($som->fault) { print STDERR "MISMATCH $method faulted: ", $som->faultstring, "\n"; exit 1 }
  return $som->result;
}

sub check {
  my ($actual, $expected, $what) = @_;
  return if $actual eq $expected;
  print STDERR "MISMATCH $what: expected '$expected', got '$actual'\n";
  exit 1;
}

api('addNewSharedAccount', $_) for ('Library', 'Library\\Copying', 'Library\\Binding', 'Research');
my $names = api('listSharedAccounts', 0, 0);
check(join(',', @$names), 'Library,Library\\Binding,Library\\Copying,Research', 'a limit of 0 lists every account');

my $rows = 0;
for my $name (@$names) {
  my ($parent, $sub) = split /\\/, $name, 2;
  $sub = '' unless defined $sub;
  my $row = $parent . "\\" . $sub;
  check(api('isSharedAccountExists', $row), 1, "isSharedAccountExists($row)");
  check(api('setSharedAccountProperty', $row, 'notes', "row $name"), 1, "setSharedAccountProperty($row)");
  check(api('getSharedAccountProperty', $name, 'notes'), "row $name", "the row's own account changed ($name)");
  $rows++;
}
check($rows, 4, 'every row visited');
print "parent rows ok\n";
