#!/bin/sh
# Stand-in for the official redis image (run.sh): protected mode off, as the official image
# builds it, so other containers on the compose network can connect.
if [ "$1" = "redis-server" ]; then shift; exec redis-server --protected-mode no --bind 0.0.0.0 "$@"; fi
exec "$@"
