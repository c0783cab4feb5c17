#!/usr/bin/env bash
# Sentiment benchmark: CoreNLP alone (1 and 2 threads) vs SocialSentiment's scoring on local[1] and local[2], PCFG vs
# shift-reduce. One JVM per configuration, REPS interleaved rounds; prints the medians as Markdown.
# Fetches the 445 MB models-english jar (shift-reduce parser) through the bench-only profile.
#   bench/run-sentiment.sh [REPS=3] [POSTS=300] [PARSERS="pcfg shift-reduce"]
# Ends with result: sentiment.per_core_ratio=..., sentiment.scaling_2_cores=... and
# sentiment.corenlp_scaling_2_threads=... (what two threads give CoreNLP alone: the machine's limit) (PCFG, the default).
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-3}
POSTS=${2:-300}
PARSERS=${3:-pcfg shift-reduce}
mvn -B -q -Pmodels-english -pl bench -am package -DskipTests -Dspotless.check.skip=true
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
FLAGS="-Xmx2g $(cat local/target/classes/spark-jvm-flags.txt)"
OUT=bench/target/sentiment-results.jsonl
rm -f "$OUT"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
for rep in $(seq 1 "$REPS"); do
  for parser in $PARSERS; do
    echo "round $rep, $parser, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    java $FLAGS -cp "$CP" io.pulse.bench.sentiment.SentimentBenchmark \
      --mode corenlp --parser "$parser" --posts "$POSTS" --out "$OUT" 2>/dev/null | grep RESULT
    java $FLAGS -cp "$CP" io.pulse.bench.sentiment.SentimentBenchmark \
      --mode corenlp --threads 2 --parser "$parser" --posts "$POSTS" --out "$OUT" 2>/dev/null | grep RESULT
    for cores in 1 2; do
      java $FLAGS -cp "$CP" io.pulse.bench.sentiment.SentimentBenchmark \
        --mode spark --cores "$cores" --parser "$parser" --posts "$POSTS" --out "$OUT" 2>/dev/null | grep RESULT
    done
  done
done
java -cp "$CP" io.pulse.bench.sentiment.SentimentReport "$OUT"
