-- Connects wrk to 127.0.0.1 whatever the URL's host is, so that the URL's host is still what wrk sends as SNI and
-- as the Host header. The benchmark names exist only in Pebble's DNS, not in /etc/hosts.
wrk.resolve = function(host, service)
  wrk.addrs = wrk.lookup("127.0.0.1", service)
end
