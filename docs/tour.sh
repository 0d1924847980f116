#!/usr/bin/env bash
# The README's five-minute tour: one district case from draft to approval on a running server, today.
#
#   npm start                                         # one terminal: its last lines give admin's password and
#   ADMIN_PASSWORD='<from the box>' bash docs/tour.sh  # this command, to run in another terminal
#
# The seeded 2019 round's window closed long ago, so the tour publishes a short workflow version of its own (panel
# of 3, no defense or site visit, a 10-second publicity period), creates a program whose window is open today, the
# people it needs, and walks the case through. Every name carries $RUN, so it runs again on the same DATA_DIR.
# Needs bash, curl and node. Without ADMIN_PASSWORD it asks for the password (on a terminal).
# Everything below the marker line is the README's tour block, verbatim (test/e2e/readme-tour.e2e-spec.ts checks it),
# so it can be pasted into bash at the repository's root as well.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# ---- the README's tour block ----
source docs/tour-lib.sh

say "admin signs in, publishes a short workflow version and opens a program for today"
ADMIN=$(admin_token)
WORKFLOW=$(call POST /workflows/tour/versions "$ADMIN" '{"definition": {
  "name": "五分钟导览：3 人评审，不答辩、不现场考察，公示 10 秒",
  "stages": {"cityAudit": {"timeLimit": {"duration": "P10D", "unit": "working"}},
             "expertReview": {"timeLimit": {"duration": "P20D", "unit": "working"}},
             "defense": {"enabled": false}, "siteVisit": {"enabled": false}},
  "panel": {"size": 3, "aggregation": "mean"},
  "rubric": [{"id": "basis", "name": "发展基础", "max": 20}, {"id": "plan", "name": "建设方案", "max": 20},
             {"id": "tasks", "name": "试验任务", "max": 20}, {"id": "investment", "name": "重点项目投资", "max": 15},
             {"id": "policy", "name": "政策措施", "max": 10}, {"id": "innovation", "name": "创新特色", "max": 15}],
  "passThreshold": 70,
  "publicity": {"duration": "PT10S", "unit": "calendar"},
  "monitoring": {"reportEvery": "P6M", "ratings": ["excellent", "good", "pass", "fail"], "missedReportsAsFail": 2, "rectificationRounds": 1},
  "recusal": {"homeCity": true, "employer": true},
  "timeZone": "Asia/Shanghai"}}' | json version)
echo "workflow tour, version $WORKFLOW"
PROGRAM=$(call POST /programs "$ADMIN" "{\"key\": \"tour-$RUN\", \"name\": \"导览试点 $RUN\",
  \"workflow\": {\"key\": \"tour\", \"version\": $WORKFLOW},
  \"regions\": [{\"cityCode\": \"440100\", \"name\": \"广州\", \"limit\": 3, \"districts\": [{\"code\": \"440106\", \"name\": \"天河\"}]}],
  \"tasks\": [{\"code\": \"T1\", \"name\": \"政务数据统筹整合\"}, {\"code\": \"T2\", \"name\": \"数据资源开放利用\"},
    {\"code\": \"T3\", \"name\": \"社会治理大数据应用\"}, {\"code\": \"T4\", \"name\": \"公共服务大数据应用\"},
    {\"code\": \"T5\", \"name\": \"行业大数据应用\"}, {\"code\": \"T6\", \"name\": \"制造业大数据应用\"},
    {\"code\": \"T7\", \"name\": \"创业创新大数据应用\"}, {\"code\": \"T8\", \"name\": \"大数据产业发展\"},
    {\"code\": \"T9\", \"name\": \"大数据标准体系\"}],
  \"minTasks\": 6, \"quota\": {\"min\": 1, \"max\": 5},
  \"window\": {\"opensOn\": \"$(day -1)\", \"closesOn\": \"$(day 30)\"}, \"targetDate\": \"$(day 400)\"}" | json id)
echo "program tour-$RUN: $PROGRAM"

say "the people: an applicant (天河区), a city officer (广州), a province officer, three experts from outside Guangzhou"
APPLICANT=$(user "tianhe-$RUN" '"role": "applicant", "cityCode": "440100", "districtCode": "440106"')
CITY=$(user "guangzhou-$RUN" '"role": "city", "cityCode": "440100"')
PROVINCE=$(user "province-$RUN" '"role": "province"')
EXPERT_IDS=()
EXPERTS=()
for home in 440300 440400 440600; do   # Shenzhen, Zhuhai, Foshan: an expert from the applicant's city is never assigned
  id=$(call POST /experts "$ADMIN" "{\"name\": \"专家 $home\", \"homeCityCode\": \"$home\", \"employer\": \"$home 大学\", \"fields\": [\"大数据\"]}" | json id)
  EXPERT_IDS+=("\"$id\"")
  EXPERTS+=("$(user "expert-$home-$RUN" "\"role\": \"expert\", \"expertId\": \"$id\"")")
done

say "the applicant creates the case, saves the form and submits"
CASE=$(call POST /cases "$APPLICANT" "{\"programId\": \"$PROGRAM\",
  \"applicant\": {\"level\": \"district\", \"cityCode\": \"440100\", \"districtCode\": \"440106\", \"unitName\": \"广州市天河区人民政府\"}}" | json id)
echo "case $CASE"
call PUT /cases/$CASE/application "$APPLICANT" "$(cat docs/examples/application.json)" | json stage
call POST /cases/$CASE/submit "$APPLICANT" | json stage

say "the city audits and recommends"
call POST /cases/$CASE/city-audit "$CITY" '{"decision": "pass", "comment": "材料真实完整"}' | json stage
call POST /cases/$CASE/recommendation "$CITY" \
  "{\"letterNo\": \"穗工信函〔$RUN〕1号\", \"issuedOn\": \"$(day 0)\", \"statement\": \"推荐天河区为重点培育对象\"}" | json stage

say "the province forms the panel, the experts score, the province concludes"
call POST /cases/$CASE/panel "$PROVINCE" "{\"expertIds\": [$(IFS=,; echo "${EXPERT_IDS[*]}")]}" | json stage
for token in "${EXPERTS[@]}"; do
  call POST /cases/$CASE/scores "$token" \
    '{"scores": {"basis": 16, "plan": 17, "tasks": 16, "investment": 12, "policy": 8, "innovation": 12}, "comment": "基础扎实"}' | json stage
done
call POST /cases/$CASE/expert-review/conclude "$PROVINCE" '{"comment": "评审通过"}' | json stage

say "the province publicizes the case from today; the period ends by itself"
call POST /programs/$PROGRAM/publicity-batches "$PROVINCE" "{\"caseIds\": [\"$CASE\"], \"startsOn\": \"$(day 0)\"}" | json endsAt
for _ in $(seq 60); do
  STAGE=$(call GET /cases/$CASE "$PROVINCE" | json stage)
  [[ $STAGE == approval ]] && break
  sleep 1
done
[[ $STAGE == approval ]] || { echo "publicity has not ended: the case is still in $STAGE" >&2; false; }
echo "$STAGE"

say "the province grants approval"
call POST /cases/$CASE/approval "$PROVINCE" "{\"replyLetterNo\": \"粤工信函〔$RUN〕1号\", \"repliedOn\": \"$(day 0)\"}" | json stage
call GET /cases/$CASE "$PROVINCE" | json approval
call GET /cases/$CASE/history "$PROVINCE" | node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{for(const e of JSON.parse(s).items)console.log(e.revision,e.at,e.actor.role,e.type)})'
call GET /programs/$PROGRAM/dashboard "$PROVINCE" | json funnel
