#!/usr/bin/env bash
# Run by `npm test` before vitest: makes sure the system tools some tests drive are present.
#  - chromium: the browser tests (playwright-core drives Debian's /usr/bin/chromium)
#  - gdal-bin: the OGC client, import and export tests compare with what GDAL reads
#  - fonts-wqy-microhei: Chinese text in browser screenshots
# As root on Debian it installs what is missing; otherwise it says what the tests will skip.
# The third-party test corpora are read from ../shared/testdata (beside the repository, never
# copied into it); without them the run stops here with a message instead of failing file by file.
set -u
testdata="$(cd "$(dirname "$0")/.." && pwd)/../shared/testdata"
if [ ! -d "$testdata" ]; then
  echo "[onemap tests] the test corpora are missing: expected $testdata (the project's shared/testdata folder beside this repository)." >&2
  exit 1
fi
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v ogrinfo >/dev/null 2>&1 || need+=(gdal-bin)
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "[onemap tests] installing ${need[*]} (one-time set-up) ..."
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}"; } >/tmp/onemap-test-prerequisites.log 2>&1 \
    || echo "[onemap tests] could not install ${need[*]}; see /tmp/onemap-test-prerequisites.log. Tests needing them will be skipped."
else
  echo "[onemap tests] missing ${need[*]}: tests needing them will be skipped (install them with apt-get as root)."
fi
exit 0
