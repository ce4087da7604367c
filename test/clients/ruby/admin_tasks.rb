# The everyday administrator's script, in Ruby's xmlrpc/client: usage: admin_tasks.rb URL TOKEN IMPORT_DIR
#
# The same tasks and expected results as test/clients/python/admin_tasks.py. Ruby sends <i4> and
# <string>, keeps the connection alive, and raises on <nil/> in a reply. Exits non-zero at the first
# mismatch.
require 'xmlrpc/client'
require 'bigdecimal'

url, TOKEN, import_dir = ARGV
SERVER = XMLRPC::Client.new2(url)
CHEMISTRY = 'Chimie générale'

def check(actual, expected, what)
  return if actual == expected
  warn "MISMATCH #{what}: expected #{expected.inspect}, got #{actual.inspect}"
  exit 1
end

def api(method, *args)
  SERVER.call("api.#{method}", TOKEN, *args)
end

# The amount exactly as sent: Folio writes the shortest exact decimal, which Float#to_s gives back.
def money(value, what)
  check(value.class, Float, "#{what} is a <double>")
  BigDecimal(value.to_s)
end

def fault(method, *args)
  result = api(method, *args)
  warn "MISMATCH expected a fault from #{method}, got #{result.inspect}"
  exit 1
rescue XMLRPC::FaultException => e
  e
end

def step(text)
  puts "- #{text}"
  $stdout.flush
end

step 'users in two departments, and two users with cards'
(1..12).each do |n|
  user = format('phy%02d', n)
  check(api('addNewInternalUser', user, 'pw', format('Physics Student %02d', n), '', '', ''), true, "add #{user}")
  check(api('setUserProperties', user, [%w[department Physics], %w[office P-1]]), true, "#{user} dept")
end
(1..5).each do |n|
  user = format('chem%02d', n)
  check(api('addNewInternalUser', user, 'pw', format('Chemistry Student %02d', n), '', '', ''), true, "add #{user}")
  check(api('setUserProperty', user, 'department', CHEMISTRY), true, "#{user} dept")
end
check(api('addNewInternalUser', 'ann', 'pw', 'Ann', '', '4001', ''), true, 'add ann')
check(api('addNewInternalUser', 'ben', 'pw', 'Ben', '', '4002', ''), true, 'add ben')

step 'find the users of a department, a page at a time'
physics = []
chemistry = 0
offset = 0
pages = 0
page_size = 4
loop do
  page = api('listUserAccounts', offset, page_size)
  pages += 1
  page.each do |user|
    department = api('getUserProperty', user, 'department')
    if department == 'Physics'
      physics << user
    elsif department == CHEMISTRY
      chemistry += 1
    end
  end
  break if page.length < page_size
  offset += page_size
end
check(physics, (1..12).map { |n| format('phy%02d', n) }, 'the Physics users, in order')
check(chemistry, 5, 'users whose department is written with accents')
check(pages, 5, '19 users in pages of 4')

step "swap two users' card numbers"
check(fault('setUserProperty', 'ann', 'primary-card-number', '4002').faultCode, 305, 'a card held by another user is refused')
check(api('setUserProperty', 'ann', 'primary-card-number', 'swap-4001'), true, 'ann parks her card')
check(api('setUserProperty', 'ben', 'primary-card-number', '4001'), true, "ben takes ann's card")
check(api('setUserProperty', 'ann', 'primary-card-number', '4002'), true, "ann takes ben's card")
check(api('lookUpUserNameByCardNo', '4001'), 'ben', "4001 is ben's")
check(api('lookUpUserNameByCardNo', '4002'), 'ann', "4002 is ann's")
check(api('lookUpUserNameByCardNo', 'swap-4001'), '', 'the parking number is free again')

step 'top up, charge and refund'
check(api('adjustUserAccountBalance', 'phy01', 12.50, 'cash top-up'), true, 'top up 12.50')
check(api('setUserProperty', 'phy01', 'restricted', 'true'), true, 'restrict phy01')
check(api('adjustUserAccountBalanceIfAvailable', 'phy01', -3.35, 'print job'), true, 'charge 3.35')
check(api('adjustUserAccountBalanceIfAvailable', 'phy01', -20, 'too big'), false, '20 (an <i4>) is not available')
check(api('adjustUserAccountBalance', 'phy01', 1.15, 'refund: jammed printer'), true, 'refund 1.15')
check(money(api('getUserAccountBalance', 'phy01'), "phy01's balance"), BigDecimal('10.3'), '12.50 - 3.35 + 1.15')
check(api('getUserProperty', 'phy01', 'balance'), '10.30', 'the balance property')

step 'import shared accounts from a file and poll the task'
path = File.join(import_dir, 'ruby-accounts.tsv')
File.write(path, [
  "Physics\t\tY\t\t150.00\tN\tphy01|phy02\t\tALWAYS_INVOICE\tCOMMENT_OPTIONAL\tDepartment budget\n",
  "Physics\tLab A\tY\t4321\t25.50\tY\n",
  "#{CHEMISTRY}\t\tY\t\t80\n",
  "Broken\t\tmaybe\n"
].join, encoding: 'UTF-8')
feedback = api('batchImportSharedAccounts', path, true, false)
check(feedback.include?('Test only: nothing was changed.'), true, "a test run says so: #{feedback}")
check(api('listSharedAccounts', 0, 100), [], 'a test run creates nothing')
feedback = api('batchImportSharedAccounts', path, false, false)
check(feedback.include?('4 lines read, 3 valid, 1 with problems'), true, "the feedback counts the lines: #{feedback}")
deadline = Time.now + 30
status = SERVER.call('api.getTaskStatus')
until status['completed']
  check(Time.now < deadline, true, 'the import finishes within 30 s')
  sleep 0.1
  status = SERVER.call('api.getTaskStatus')
end
message = status['message']
check(message.include?("Line 4: not applied: enabled 'maybe' is not Y or N"), true, "the bad line is reported: #{message}")
check(message.include?('Import finished: 3 of 3 records applied'), true, "the import finished: #{message}")
check(api('listSharedAccounts', 0, 100), [CHEMISTRY, 'Physics', 'Physics\\Lab A'], 'the imported accounts')
check(money(api('getSharedAccountAccountBalance', 'Physics\\Lab A'), 'Lab A'), BigDecimal('25.5'), 'Lab A')
check(money(api('getSharedAccountAccountBalance', 'Physics'), 'Physics'), BigDecimal('150'), 'Physics')
check(api('getSharedAccountProperty', 'Physics', 'access-users'), 'phy01,phy02', 'Physics access')
check(api('getSharedAccountProperty', 'Physics\\Lab A', 'restricted'), 'true', 'Lab A is restricted')
check(api('listUserSharedAccounts', 'phy02', 0, 10), ['Physics'], 'phy02 may charge Physics')

puts 'admin tasks ok'
