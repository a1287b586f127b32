-- Requests a random line of a sample file as the path, with a bearer token.
-- env: BENCH_SAMPLE (lines "<record id>\t<id number>"), BENCH_TOKEN, BENCH_KIND
-- (person: /api/v1/persons/<id>; lookup: /api/v1/persons/lookup?id_number=…).
local paths = {}
local kind = os.getenv("BENCH_KIND")
local reason = "%E6%A0%B8%E6%9F%A5%E8%AF%81%E6%98%8E" -- 核查证明
for line in io.lines(os.getenv("BENCH_SAMPLE")) do
	local id, number = line:match("^(%d+)\t(%w+)$")
	if id then
		if kind == "lookup" then
			paths[#paths + 1] = "/api/v1/persons/lookup?id_number=" .. number .. "&reason=" .. reason
		else
			paths[#paths + 1] = "/api/v1/persons/" .. id
		end
	end
end
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
local counter = 0
request = function()
	counter = counter + 1
	return wrk.format("GET", paths[(counter * 7919) % #paths + 1])
end
