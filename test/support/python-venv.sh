# Sourced by the CI cross-checks (test/*/run.sh): one place that builds their Python environments.
#
# ensure_venv VENV REQUIREMENTS
#   Creates the virtual environment VENV with exactly the pinned REQUIREMENTS, or reuses it when
#   it was built from the same file. Uses $PYTHON (default python3).
ensure_venv() {
  local venv="$1" requirements="$2"
  if [ ! -x "$venv/bin/python" ] || ! cmp -s "$requirements" "$venv/.c360-requirements.txt"; then
    "${PYTHON:-python3}" -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$venv/.c360-requirements.txt"
  fi
}
