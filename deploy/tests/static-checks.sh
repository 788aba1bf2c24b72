# Sourced by deploy/tests/run.sh: static checks of the deploy files (no Docker daemon, Kubernetes or Airflow here).
# Each function prints its problems and returns non-zero when there are any.

# The lines of conf/jvm.options (no comments or blanks), joined by spaces.
jvm_options_line() {
  grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$root/conf/jvm.options" | tr '\n' ' ' | sed 's/ $//'
}

# Every javaOptions of a SparkApplication manifest starts with the lines of conf/jvm.options, in order.
k8s_java_options_follow_jvm_options() {
  local file=$1 want n=0 bad=0 line
  want=$(jvm_options_line)
  while IFS= read -r line; do
    n=$((n + 1))
    line=${line#*javaOptions: \"}
    case "$line" in
      "$want "*|"$want\"") ;;
      *) echo "$file: javaOptions #$n does not start with the lines of conf/jvm.options"; bad=1 ;;
    esac
  done < <(grep 'javaOptions:' "$file")
  [ $n -gt 0 ] || { echo "$file: no javaOptions"; return 1; }
  return $bad
}

# The "key: value" lines under sparkConf (comments dropped, indentation removed), sorted.
spark_conf_of() {
  awk '/^[[:space:]]*sparkConf:/ {inside=1; indent=match($0, /[^ ]/); next}
       inside { if (match($0, /[^ ]/) <= indent && $0 !~ /^[[:space:]]*$/) exit;
                sub(/^[[:space:]]+/, ""); if ($0 !~ /^#/ && $0 != "") print }' "$1" | sort
}

# Both manifests of the nightly and the one-off run use the same sparkConf and javaOptions.
k8s_manifests_agree() {
  local a=$root/deploy/kubernetes/spark-application.yaml b=$root/deploy/kubernetes/scheduled-spark-application.yaml bad=0
  if ! diff <(spark_conf_of "$a") <(spark_conf_of "$b") >/dev/null; then
    echo "sparkConf differs:"; diff <(spark_conf_of "$a") <(spark_conf_of "$b") | sed 's/^/    /'; bad=1
  fi
  if ! diff <(grep -o 'javaOptions: .*' "$a") <(grep -o 'javaOptions: .*' "$b") >/dev/null; then
    echo "javaOptions differ between $a and $b"; bad=1
  fi
  return $bad
}

# A small Dockerfile lint (hadolint's rules that matter here, and Spark's entrypoint's needs).
dockerfile_lint() {
  awk -v file="$1" '
    { line = $0; while (line ~ /\\$/ && (getline next_line) > 0) { sub(/\\$/, "", line); line = line " " next_line }
      n++; instr[n] = line }
    END {
      bad = 0; user = ""; java_env = 0
      for (i = 1; i <= n; i++) {
        l = instr[i]
        if (l ~ /^[[:space:]]*#/ || l ~ /^[[:space:]]*$/) continue
        if (l ~ /^ENV .*JAVA_HOME=/) java_env = 1
        if (l ~ /\/etc\/environment/) { print file ": /etc/environment is not read by Spark'"'"'s entrypoint; use ENV"; bad = 1 }
        if (l ~ /^RUN / && l ~ /apt-get install/ && l !~ /--no-install-recommends/) { print file ": apt-get install without --no-install-recommends"; bad = 1 }
        if (l ~ /^RUN / && l ~ /apt-get install/ && l !~ /rm -rf \/var\/lib\/apt\/lists/) { print file ": apt lists not removed after apt-get install"; bad = 1 }
        if (l ~ /^RUN / && l ~ /(^|[ ;])cd /) { print file ": cd in RUN; use WORKDIR"; bad = 1 }
        if (l ~ /^(ENTRYPOINT|CMD) / && l !~ /^(ENTRYPOINT|CMD) \[/) { print file ": " substr(l, 1, 10) " in shell form; use the exec (JSON) form"; bad = 1 }
        if (l ~ /^FROM / && l ~ /:latest/) { print file ": FROM with :latest"; bad = 1 }
        if (l ~ /^USER /) { split(l, u, " "); user = u[2] }
      }
      if (!java_env) { print file ": JAVA_HOME is not set with ENV (Spark'"'"'s entrypoint runs ${JAVA_HOME}/bin/java)"; bad = 1 }
      if (user == "" || user == "root" || user == "0") { print file ": the image must end with a non-root USER"; bad = 1 }
      exit bad
    }' "$1"
}

# Runs the crontab line against a fake submit.sh exiting with 3 and checks that the log records "exit 3".
crontab_logs_the_exit_code() {
  local work=$1 line command
  mkdir -p "$work/home/deploy"
  printf '#!/bin/sh\necho "fake submit"\nexit 3\n' >"$work/home/deploy/submit.sh"; chmod +x "$work/home/deploy/submit.sh"
  line=$(grep -v -e '^#' -e '^[[:space:]]*$' "$root/deploy/cron/dlspark.crontab" | head -n 1)
  command=$(printf '%s\n' "$line" | cut -d' ' -f6-)
  command=${command//'\%'/%}
  command=${command//\/opt\/dlspark/$work/home}
  command=${command//\/var\/log\/dlspark/$work/log}
  sh -c "$command" || true
  grep -q 'exit 3$' "$work/log/nightly.log" || { echo "the log does not record exit 3:"; cat "$work/log/nightly.log" 2>/dev/null; return 1; }
}
