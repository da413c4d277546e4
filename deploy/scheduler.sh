#!/usr/bin/env bash
# Containers have no systemd timers: run the scheduled commands listed in deploy/schedule
# ("HH:MM command arguments", local time of the container) once a day each.
set -uo pipefail
cd "$(dirname "$0")/.."
schedule=${SCHEDULE_FILE:-deploy/schedule}
declare -A last_run
while true; do
  now=$(date +%H:%M); today=$(date +%F)
  while read -r at command; do
    [[ -z "$at" || "$at" == \#* ]] && continue
    if [[ "$at" == "$now" && "${last_run[$at $command]:-}" != "$today" ]]; then
      last_run[$at $command]=$today
      echo "scheduler: $today $now manage.py $command"
      # shellcheck disable=SC2086
      .venv/bin/python manage.py $command || echo "scheduler: manage.py $command failed" >&2
    fi
  done < "$schedule"
  sleep 20
done
