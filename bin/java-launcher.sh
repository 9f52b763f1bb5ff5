# Sourced by bin/themisd and bin/tmscli: finds the JDK (Temurin 25 unless JAVA_HOME says otherwise)
# and the repository root.
THEMIS_HOME="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  JAVA="$JAVA_HOME/bin/java"
elif [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
else
  JAVA=java
fi
themis_require_jar() {
  if [ ! -f "$1" ]; then
    echo "$(basename "$0"): $1 is missing; build it first with: ./mvnw -DskipTests package" >&2
    exit 1
  fi
}
