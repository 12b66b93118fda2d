#!/usr/bin/env bash
# Runs one Apache Kafka 3.9 broker in KRaft mode (combined broker + controller) from the jars
# Maven fetches into ~/.m2 (see infra/kafka/pom.xml). No Docker needed.
#
#   infra/kafka.sh start    format storage if needed, start, wait until it accepts connections
#   infra/kafka.sh stop     stop it (and wait until it is gone)
#   infra/kafka.sh status   exit 0 when running
#
# Environment: KAFKA_PORT (default 9092), KAFKA_CONTROLLER_PORT (default KAFKA_PORT+1),
#              KAFKA_DIR (default .run/kafka-$KAFKA_PORT), KAFKA_FRESH=1 wipes storage first.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port="${KAFKA_PORT:-9092}"
cport="${KAFKA_CONTROLLER_PORT:-$((port + 1))}"
dir="${KAFKA_DIR:-$root/.run/kafka-$port}"
pidfile="$dir/kafka.pid"
log="$dir/server.log"

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

classpath() {
  local cp="$root/.run/kafka-classpath.txt" pom="$root/infra/kafka/pom.xml"
  mkdir -p "$root/.run"
  if [ ! -s "$cp" ] || [ "$pom" -nt "$cp" ] || ! head -c 4096 "$cp" | grep -q kafka_2.13; then
    echo "kafka: resolving jars with Maven (cached in ~/.m2 for later runs)" >&2
    mvn -B -q -f "$pom" dependency:build-classpath -Dmdep.outputFile="$cp" >&2
  fi
  cat "$cp"
}

start() {
  if running; then echo "kafka: already running on 127.0.0.1:$port (pid $(cat "$pidfile"))"; return 0; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "kafka: a broker not started by this script already listens on 127.0.0.1:$port (docker compose?); using it"
    return 0
  fi
  command -v java >/dev/null || { echo "kafka: java is not installed" >&2; exit 1; }
  [ "${KAFKA_FRESH:-0}" = 1 ] && rm -rf "$dir"
  mkdir -p "$dir/data"
  local cp; cp="$(classpath)"
  cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
default.replication.factor=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
log.retention.hours=168
PROPS
  cat > "$dir/log4j.properties" <<PROPS
log4j.rootLogger=WARN, file
log4j.logger.kafka.server.KafkaRaftServer=INFO
log4j.logger.kafka.server.BrokerServer=INFO
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
PROPS
  local jvm=(-Xms256m -Xmx768m -Dlog4j.configuration="file:$dir/log4j.properties" -cp "$cp")
  if [ ! -f "$dir/data/meta.properties" ]; then
    java "${jvm[@]}" kafka.tools.StorageTool format -t "vilkarsflyt-local-cluster01" \
      -c "$dir/server.properties" --ignore-formatted >/dev/null
  fi
  nohup java "${jvm[@]}" kafka.Kafka "$dir/server.properties" > "$dir/stdout.log" 2>&1 &
  echo $! > "$pidfile"
  for _ in $(seq 1 600); do
    if ! running; then echo "kafka: exited during start; see $dir/stdout.log and $log" >&2; tail -20 "$dir/stdout.log" >&2; exit 1; fi
    if grep -q "Kafka Server started" "$log" 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "kafka: listening on 127.0.0.1:$port (pid $(cat "$pidfile"), data $dir)"
      return 0
    fi
    sleep 0.1
  done
  echo "kafka: not ready after 60 s; see $log" >&2; exit 1
}

stop() {
  if ! running; then rm -f "$pidfile"; echo "kafka: not running"; return 0; fi
  local pid; pid="$(cat "$pidfile")"
  kill "$pid"
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; echo "kafka: stopped"; return 0; }; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true; rm -f "$pidfile"; echo "kafka: killed after 30 s"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) running && echo "kafka: running on 127.0.0.1:$port" || { echo "kafka: not running"; exit 1; } ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
