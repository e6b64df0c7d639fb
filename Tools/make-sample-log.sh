#!/usr/bin/env bash
# Builds the golden sample log (EventLog/sample) through the registry CLI: a small, fixed district
# whose audit, quota, subsidy and evaluation figures are checked by hand in
# Tests/RegistryCLITests/GoldenTests.swift. Every future version must read, verify and audit it to
# the same results, so do not regenerate it unless the format changes on purpose.
#
# usage: Tools/make-sample-log.sh [REGISTRY_BINARY] [OUTPUT_DIR]
set -euo pipefail
R=${1:-.build/debug/registry}
OUT=${2:-EventLog/sample}
rm -rf "$OUT"
export REGISTRY_LOG="$OUT" LANG=C
n=0
# run DATE ARGS...: one command, recorded at 09:00 UTC on DATE, with a fixed command ID.
run() {
    local day=$1; shift
    n=$((n + 1))
    REGISTRY_NOW="${day}T09:00:00Z" "$R" "$@" --command-id "sample-$n" >/dev/null
}
B="--as bureau:EDU"
run 2024-01-01 init $B --jurisdiction 三门峡市 --policy sanmenxia --from 2024-01-01
run 2024-01-02 school register S1 --name 三门峡职业技术学院 --level higher $B
run 2024-01-02 school register S2 --name 三门峡市中等专业学校 --level secondary $B
run 2024-01-02 school register S3 --name 河南化工技师学院 --level higher $B
run 2024-01-03 enterprise register E1 --name 豫西机械有限公司 --above-scale $B
run 2024-01-03 enterprise register E2 --name 渑池小型汽修厂 $B
run 2024-01-03 enterprise register E3 --name 中铝矿业有限公司 --above-scale $B
run 2024-01-04 enterprise workforce E1 --headcount 100 --as-of 2024-01-01 --as enterprise:E1
run 2024-01-04 enterprise workforce E2 --headcount 30 --as-of 2024-01-01 --as enterprise:E2
run 2024-01-04 enterprise workforce E3 --headcount 250 --as-of 2024-01-01 --as enterprise:E3
for s in A1:王芳:数控技术 A2:李强:数控技术 A3:赵敏:汽车检测与维修 A4:陈刚:机电一体化; do
    IFS=: read -r id name major <<<"$s"
    run 2024-01-05 student enroll "$id" --name "$name" --major "$major" --birth 2005-03-14 --enrolled 2023-09-01 --as school:S1
done
run 2024-01-05 student enroll B1 --name 刘洋 --major 化工 --birth 2005-05-01 --enrolled 2023-09-01 --as school:S2
run 2024-01-05 student enroll B2 --name 孙丽 --major 汽车维修 --birth 2005-06-01 --enrolled 2023-09-01 --as school:S2
run 2024-01-05 student enroll C1 --name 周杰 --major 采矿 --birth 2005-07-01 --enrolled 2023-09-01 --as school:S3

# A4: a half-year post internship in the first half of 2025, then graduation and a hire by the host.
run 2024-12-01 placement register P5 --student A4 --enterprise E1 --kind post --start 2025-01-01 --end 2025-06-30 --stipend 3000 --agreement SF-5 --major-relevant --as school:S1
run 2024-12-15 insurance enroll P5 --policy PI-5 --insurer 中国人保 --cover liability,accident --from 2025-01-01 --to 2025-06-30 --paid-by school --as school:S1
run 2025-01-01 placement start P5 --on 2025-01-01 --as school:S1
for m in 01:2025-02-10 02:2025-03-10 03:2025-04-10 04:2025-05-10 05:2025-06-10 06:2025-07-10; do
    run "${m#*:}" stipend confirm P5 --month "2025-${m%%:*}" --amount 3000 --paid-on "${m#*:}" --as enterprise:E1
done
run 2025-06-30 placement complete P5 --on 2025-06-30 --as school:S1
run 2025-06-30 student leave A4 --reason graduated --on 2025-06-30 --as school:S1
run 2025-07-01 student hired A4 --enterprise E1 --on 2025-07-01 --as enterprise:E1

# B2: an apprenticeship of 2024/25, completed with a certificate; subsidy advanced and settled.
run 2024-08-20 apprenticeship contract AP2 --student B2 --school S2 --scheme enterprise --level senior --labor-contract LC-B2 --contract-end 2026-08-31 --start 2024-09-01 --end 2025-08-31 --school-tutor 王老师 --mentor 张师傅 --as enterprise:E2
run 2024-09-15 subsidy advance AP2 --amount 3000 --on 2024-09-15 --as bureau:HRSS
run 2025-06-30 student leave B2 --reason graduated --on 2025-06-30 --as school:S2
run 2025-07-01 student hired B2 --enterprise E2 --on 2025-07-01 --as enterprise:E2
run 2025-08-31 apprenticeship complete AP2 --on 2025-08-31 --certificate ZJ-2025-0001 --as enterprise:E2
run 2025-09-30 subsidy settle AP2 --amount 3000 --on 2025-09-30 --as bureau:HRSS

# The 2025/26 placements.
run 2025-08-01 placement register P1 --student A1 --enterprise E1 --kind post --start 2025-09-01 --end 2026-02-28 --stipend 3000 --agreement SF-1 --major-relevant --as school:S1
run 2025-08-01 placement register P2 --student A2 --enterprise E1 --kind post --start 2025-09-01 --end 2026-03-31 --stipend 3200 --agreement SF-2 --major-relevant --as school:S1
run 2025-08-01 placement register P3 --student B1 --enterprise E3 --kind observation --start 2025-10-01 --end 2025-10-31 --stipend 500 --as school:S2
run 2025-08-01 placement register P4 --student C1 --enterprise E3 --kind post --start 2025-09-01 --end 2026-02-28 --stipend 3500 --agreement SF-4 --major-relevant --as school:S3
run 2025-08-15 insurance enroll P1 --policy PI-1 --insurer 中国人保 --cover liability,accident --from 2025-09-01 --to 2026-02-28 --paid-by school --as school:S1
run 2025-08-15 insurance enroll P2 --policy PI-2 --insurer 中国人保 --cover liability,accident --from 2025-09-01 --to 2026-03-31 --paid-by enterprise --as school:S1
run 2025-08-15 insurance enroll P3 --policy PI-3 --insurer 平安保险 --cover liability,accident --from 2025-10-01 --to 2025-10-31 --paid-by school --as school:S2
run 2025-08-15 insurance enroll P4 --policy PI-4 --insurer 太平洋保险 --cover liability,accident --from 2025-09-01 --to 2026-02-28 --paid-by school --as school:S3
run 2025-09-01 placement start P1 --on 2025-09-01 --as school:S1
run 2025-09-01 placement start P2 --on 2025-09-01 --as school:S1
run 2025-09-01 placement start P4 --on 2025-09-01 --as school:S3
run 2025-10-01 placement start P3 --on 2025-10-01 --as school:S2

# A3: an apprenticeship from 2025-09 that ends early with its advance not clawed back (Subsidy_03).
run 2025-08-20 apprenticeship contract AP1 --student A3 --school S1 --scheme modern --level intermediate --labor-contract LC-A3 --contract-end 2027-08-31 --start 2025-09-01 --end 2026-08-31 --school-tutor 李老师 --mentor 赵师傅 --as enterprise:E2
run 2025-09-15 subsidy advance AP1 --amount 2500 --on 2025-09-15 --as bureau:HRSS

# Stipends. P1: Oct late, Nov short, Jan missing. P2: all on time. P3: on time. P4: Nov missing.
run 2025-10-10 stipend confirm P1 --month 2025-09 --amount 3000 --paid-on 2025-10-10 --as enterprise:E1
run 2025-10-10 stipend confirm P2 --month 2025-09 --amount 3200 --paid-on 2025-10-10 --as enterprise:E1
run 2025-10-10 stipend confirm P4 --month 2025-09 --amount 3500 --paid-on 2025-10-10 --as enterprise:E3
run 2025-11-10 stipend confirm P2 --month 2025-10 --amount 3200 --paid-on 2025-11-10 --as enterprise:E1
run 2025-11-10 stipend confirm P3 --month 2025-10 --amount 500 --paid-on 2025-11-10 --as enterprise:E3
run 2025-11-10 stipend confirm P4 --month 2025-10 --amount 3500 --paid-on 2025-11-10 --as enterprise:E3
run 2025-11-15 placement terminate P4 --on 2025-11-15 --reason 家庭原因退出 --as school:S3
run 2025-10-31 placement complete P3 --on 2025-10-31 --as school:S2
run 2025-12-10 stipend confirm P1 --month 2025-11 --amount 2500 --paid-on 2025-12-10 --as enterprise:E1
run 2025-12-10 stipend confirm P2 --month 2025-11 --amount 3200 --paid-on 2025-12-10 --as enterprise:E1
run 2025-12-15 stipend confirm P1 --month 2025-10 --amount 3000 --paid-on 2025-12-15 --as enterprise:E1
run 2026-01-10 stipend confirm P1 --month 2025-12 --amount 3000 --paid-on 2026-01-10 --as enterprise:E1
run 2026-01-10 stipend confirm P2 --month 2025-12 --amount 3200 --paid-on 2026-01-10 --as enterprise:E1
run 2026-01-31 apprenticeship terminate AP1 --on 2026-01-31 --reason 学徒离职 --as enterprise:E2
run 2026-02-10 stipend confirm P2 --month 2026-01 --amount 3200 --paid-on 2026-02-10 --as enterprise:E1
run 2026-02-28 placement complete P1 --on 2026-02-28 --as school:S1
run 2026-03-10 stipend confirm P1 --month 2026-02 --amount 3000 --paid-on 2026-03-10 --as enterprise:E1
run 2026-03-10 stipend confirm P2 --month 2026-02 --amount 3200 --paid-on 2026-03-10 --as enterprise:E1
run 2026-06-30 student leave A1 --reason graduated --on 2026-06-30 --as school:S1
run 2026-06-30 student leave B1 --reason graduated --on 2026-06-30 --as school:S2
run 2026-07-01 student hired A1 --enterprise E1 --on 2026-07-01 --as enterprise:E1

# Derived data is not part of the sample: only the segment files are.
rm -f "$OUT"/index.sqlite* "$OUT"/readmodel.sqlite* "$OUT"/writer.lock
"$R" verify --log "$OUT" | grep 'head hash' | awk '{print $3}' > "$OUT/HEAD"
echo "sample log: $n commands, head $(cat "$OUT/HEAD")"
