#!/usr/bin/env sh
# Run a sharded sweep on the current kubectl context: shared volume, the shards, then the merge.
# The result stays on the volume under merged/ (copy it out with a pod that mounts it, or kubectl cp).
set -eu
cd "$(dirname "$0")"
kubectl apply -f sweep-volume.yaml
kubectl delete job rocky-bot-sweep-shards rocky-bot-sweep-merge --ignore-not-found
kubectl apply -f sweep-shards.yaml
kubectl wait --for=condition=complete --timeout=6h job/rocky-bot-sweep-shards
kubectl apply -f sweep-merge.yaml
kubectl wait --for=condition=complete --timeout=1h job/rocky-bot-sweep-merge
kubectl logs job/rocky-bot-sweep-merge
