-- wrk: sixteen GET /echo/hello requests pipelined in one write (bench.sh, limits.sh)
init = function(args)
  local r = {}
  for i = 1, 16 do r[i] = wrk.format(nil, "/echo/hello") end
  req = table.concat(r)
end
request = function() return req end
