# Sourced by the store benchmarks. latency ARGS…: the median of 5 runs of
# `$bin query ARGS… --store $store`, in milliseconds, including process start.
latency() {
    local times=()
    for _ in 1 2 3 4 5; do
        local t0 t1
        t0=$(date +%s%N)
        "$bin" query "$@" --store "$store" > /dev/null
        t1=$(date +%s%N)
        times+=($(( (t1 - t0) / 1000000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n 3p
}
