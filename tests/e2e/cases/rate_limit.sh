# rate-limit: Post rateLimit "1m" rateLimitScope global caps lseek(-1) events
# at one per minute across processes; lseek(-2), without a limit, is
# reported every time.
# policy: policies/lseek-ratelimit.yaml
# needs: kprobes|tracepoints
# trig: lseek
. "$E2E_DIR/lib.sh"

lseek=$(trig lseek)
agent_start "$(obj lseek-ratelimit)"
for i in 1 2 3 4 5; do
	expect_survives "$lseek" -1
	expect_survives "$lseek" -2
done
wait_events 5 '"int_arg":-2'
agent_stop
expect_events 5 '"int_arg":-2'
expect_events 1 '"int_arg":-1'
exit 0
