# Sourced by bin/dlspark and deploy/submit.sh (not run on its own): prints a command line for the eyes of a user
# with every credential masked, as io.dlspark.core.security.Redactor does in Java.
#
#   dlspark_redacted_command ARG...   one line, shell-quoted; values of KEY=VALUE arguments whose key names a
#                                     secret, password, token, credential or key, the argument after such an
#                                     option (--password VALUE), and user:password@ in URIs become *****

dlspark_redacted_command() {
  local sensitive='(secret|password|passwd|token|credential|access[._-]?key|session[._-]?key|private[._-]?key)'
  local mask='*****' arg next=0 quoted out=""
  for arg in "$@"; do
    if [ $next = 1 ]; then
      arg=$mask; next=0
    else
      arg=$(printf '%s' "$arg" | sed -E \
        -e "s#([A-Za-z0-9_.-]*${sensitive}[A-Za-z0-9_.-]*\"?[[:space:]]*[=:][[:space:]]*\"?)[^[:space:]\"',;]+#\\1${mask}#Ig" \
        -e "s#([A-Za-z][A-Za-z0-9+.-]*://)[^@/[:space:]]+@#\\1${mask}@#g")
      if printf '%s' "$arg" | grep -Eiq -- "^--?[A-Za-z0-9_.-]*${sensitive}[A-Za-z0-9_.-]*\$"; then next=1; fi
    fi
    printf -v quoted '%q' "$arg"
    out+="${quoted//'\*\*\*\*\*'/$mask} "
  done
  printf '%s\n' "${out% }"
}
