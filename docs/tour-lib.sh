# Helpers of the README's tour (docs/tour.sh sources this file; so can an interactive bash at the repository's root).
# Needs bash, curl and node.
#   call METHOD PATH [TOKEN] [JSON]  curl that prints the response body; any status but 2xx prints the error and fails
#   json PATH                        one field of the JSON on stdin (`id`, `items.0.stage`)
#   login USER PASSWORD              the user's access token
#   admin_token                      admin's access token, explaining a wrong ADMIN_PASSWORD
#   user NAME FIELDS                 registers a user (POST /users, as $ADMIN) and prints its token
#   day N                            the date N days from today in Asia/Shanghai, where program dates are read

API=${API:-http://localhost:3000/api/v1}
RUN=${RUN:-$(date +%s)}
PASS='Tour-pass-2019'

if [[ -z ${ADMIN_PASSWORD:-} ]]; then
  if [[ -t 0 ]]; then
    read -rsp "admin's password (the server printed it in a box on its first start): " ADMIN_PASSWORD
    echo >&2
  else
    echo "tour: set ADMIN_PASSWORD to admin's password: the one the server printed in a box on its first start, or the ADMIN_PASSWORD it first started with" >&2
    return 1 2>/dev/null || exit 1
  fi
fi

if ! curl -sS -o /dev/null "${API%/api/v1}/health" 2>/dev/null; then
  echo "tour: nothing answers at ${API%/api/v1}: start the server first (npm start), or set API to its /api/v1 address" >&2
  return 1 2>/dev/null || exit 1
fi

call() {
  local out status
  out=$(curl -sS -w '\n%{http_code}' -X "$1" "$API$2" -H 'content-type: application/json' \
    ${3:+-H "authorization: Bearer $3"} ${4:+--data-binary "$4"})
  status=${out##*$'\n'}
  out=${out%$'\n'*}
  if [[ $status != 2* ]]; then echo "$1 $2 → HTTP $status $out" >&2; return 1; fi
  printf '%s\n' "$out"
}

json() { node -e 'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>{if(!s)process.exit(1);let v=JSON.parse(s);for(const k of process.argv[1].split("."))v=v?.[k];console.log(typeof v==="object"?JSON.stringify(v):v)})' -- "$1"; }

login() { call POST /auth/login '' "{\"username\":\"$1\",\"password\":\"$2\"}" | json accessToken; }

admin_token() {
  local out
  if out=$(login admin "$ADMIN_PASSWORD" 2>&1); then printf '%s\n' "$out"; return 0; fi
  echo "$out" >&2
  if [[ $out == *'HTTP 401'* ]]; then
    cat >&2 <<'WHY'
tour: admin cannot sign in with this ADMIN_PASSWORD. The server chose admin's password once, on its first start on
this DATA_DIR: started without ADMIN_PASSWORD it generated one and printed it in a box, with the exact command that
runs this tour; started with ADMIN_PASSWORD it took that one. Setting ADMIN_PASSWORD on a later start changes nothing.
Run the tour with that password; if it is lost, stop the server, move its data directory (./data) aside and start
again for a new one.
WHY
  fi
  return 1
}

user() { call POST /users "$ADMIN" "{\"username\": \"$1\", \"password\": \"$PASS\", \"displayName\": \"$1\", $2}" >/dev/null; login "$1" "$PASS"; }

day() { node -e 'console.log(new Date(Date.now()+Number(process.argv[1])*864e5).toLocaleDateString("en-CA",{timeZone:"Asia/Shanghai"}))' -- "$1"; }

say() { printf '\n== %s\n' "$*"; }
