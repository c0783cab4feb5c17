{{/*
Names, labels and the few computed values every template shares. Templates call these instead of
repeating them, so a rename or a new label happens in one place.
*/}}

{{- define "pulse.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Prefix of every resource name: the release name, plus the chart name unless it already has it. */}}
{{- define "pulse.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "pulse.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels that select the pods of one component of this release. Call with (dict "root" $ "component" NAME). */}}
{{- define "pulse.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pulse.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Labels of every object. Call with (dict "root" $ "component" NAME). */}}
{{- define "pulse.labels" -}}
helm.sh/chart: {{ include "pulse.chart" .root }}
{{ include "pulse.selectorLabels" . }}
app.kubernetes.io/part-of: pulse
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Labels that every pod of this release carries: NetworkPolicies admit "Pulse pods" by these. */}}
{{- define "pulse.memberLabels" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: pulse
{{- end }}

{{/* Image of a component. Call with (dict "root" $ "name" IMAGE-NAME). */}}
{{- define "pulse.image" -}}
{{- printf "%s/%s:%s" (trimSuffix "/" .root.Values.image.registry) .name (.root.Values.image.tag | default .root.Chart.AppVersion) }}
{{- end }}

{{- define "pulse.kafkaClusterName" -}}
{{- .Values.kafka.strimzi.clusterName | default (printf "%s-kafka" (include "pulse.fullname" .)) }}
{{- end }}

{{/* Where services and jobs find Kafka: the existing cluster, or the bootstrap Service Strimzi creates. */}}
{{- define "pulse.kafkaBootstrapServers" -}}
{{- if eq .Values.kafka.mode "external" }}
{{- required "kafka.bootstrapServers is required when kafka.mode is external" .Values.kafka.bootstrapServers }}
{{- else }}
{{- printf "%s-kafka-bootstrap:%s" (include "pulse.kafkaClusterName" .) (include "pulse.kafkaClientPort" .) }}
{{- end }}
{{- end }}

{{/* Base location of the jobs' durable state (checkpoints, model), without a trailing slash. */}}
{{- define "pulse.stateBase" -}}
{{- if eq .Values.storage.type "objectStore" }}
{{- required "storage.objectStore.uri is required when storage.type is objectStore" .Values.storage.objectStore.uri | trimSuffix "/" }}
{{- else }}
{{- .Values.storage.pvc.mountPath | trimSuffix "/" }}
{{- end }}
{{- end }}

{{- define "pulse.stateClaimName" -}}
{{- printf "%s-state" (include "pulse.fullname" .) }}
{{- end }}

{{- define "pulse.sparkServiceAccountName" -}}
{{- printf "%s-spark" (include "pulse.fullname" .) }}
{{- end }}

{{/*
The spec shared by every SparkApplication, streaming or scheduled. Call with
(dict "root" $ "name" JOB "job" JOB-VALUES "args" ARGUMENT-MAP "restartPolicy" POLICY-MAP).

Everything here reaches the pods through spark-submit itself, so the jobs run the same with and
without the Spark Operator's mutating webhook: the state claim through Spark's own
spark.kubernetes.*.volumes.* configuration, env through envVars, security contexts through pod
templates, the JMX exporter's config from files in the image. Spark reserves some pod labels
(spark-role, spark-app-selector, ...) and refuses a submission that sets them, so none are set here.
*/}}
{{- define "pulse.sparkApplicationSpec" -}}
{{- $root := .root }}
{{- $v := $root.Values }}
{{- $driver := mergeOverwrite (deepCopy $v.spark.driver) (.job.driver | default dict) }}
{{- $executor := mergeOverwrite (deepCopy $v.spark.executor) (.job.executor | default dict) }}
{{- $podLabels := include "pulse.selectorLabels" (dict "root" $root "component" .name) | fromYaml }}
{{- $_ := set $podLabels "app.kubernetes.io/part-of" "pulse" }}
{{- $conf := deepCopy ($v.spark.sparkConf | default dict) }}
{{- if eq $v.storage.type "pvc" }}
{{- range $role := list "driver" "executor" }}
{{- $prefix := printf "spark.kubernetes.%s.volumes.persistentVolumeClaim.state" $role }}
{{- $_ := set $conf (printf "%s.options.claimName" $prefix) (include "pulse.stateClaimName" $root) }}
{{- $_ := set $conf (printf "%s.mount.path" $prefix) $v.storage.pvc.mountPath }}
{{- end }}
{{- end }}
{{- /* Pulse's claims are its own (the state claim), never created per executor: the driver then needs no access to claims. */}}
{{- $_ := set $conf "spark.kubernetes.driver.ownPersistentVolumeClaim" "false" }}
{{- $_ := set $conf "spark.kubernetes.driver.reusePersistentVolumeClaim" "false" }}
{{- $kafka := include "pulse.kafkaClient" (dict "root" $root "component" .name) | fromYaml }}
{{- $envVars := dict "LOG_LEVEL" $v.logLevel }}
{{- $envSecrets := dict }}
{{- range $kafka.env }}
{{- if .secret }}
{{- $_ := set $envSecrets .name (dict "name" .secret "key" .key) }}
{{- else }}
{{- $_ := set $envVars .name .value }}
{{- end }}
{{- end }}
{{- with $truststore := $kafka.truststoreSecret }}
{{- range $role := list "driver" "executor" }}
{{- $_ := set $conf (printf "spark.kubernetes.%s.secrets.%s" $role $truststore) (include "pulse.kafkaTruststoreDir" $root) }}
{{- end }}
{{- end }}
{{- if $v.spark.authenticate.enabled }}
{{- /* Spark reads the secret from a file in both roles (Spark >= 3.0 on Kubernetes): with the executor's file set, the driver does not hand executors the secret as an env var. */}}
{{- $authDir := "/etc/pulse/spark-auth" }}
{{- $_ := set $conf "spark.authenticate" "true" }}
{{- range $role := list "driver" "executor" }}
{{- $_ := set $conf (printf "spark.kubernetes.%s.secrets.%s" $role (include "pulse.sparkAuthSecretName" $root)) $authDir }}
{{- $_ := set $conf (printf "spark.authenticate.secret.%s.file" $role) (printf "%s/secret" $authDir) }}
{{- end }}
{{- end }}
type: Java
mode: cluster
sparkVersion: {{ $v.spark.sparkVersion | quote }}
image: {{ include "pulse.image" (dict "root" $root "name" $v.spark.image.name) }}
imagePullPolicy: {{ $v.image.pullPolicy }}
{{- with $v.image.pullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
mainClass: {{ .job.mainClass }}
mainApplicationFile: {{ $v.spark.mainApplicationFile }}
arguments:
  {{- range $name := keys .args | sortAlpha }}
  - {{ printf "--%s" $name | quote }}
  - {{ get $.args $name | toString | quote }}
  {{- end }}
{{- with $conf }}
sparkConf:
  {{- range $key, $value := . }}
  {{ $key }}: {{ $value | toString | quote }}
  {{- end }}
{{- end }}
restartPolicy:
  {{- toYaml .restartPolicy | nindent 2 }}
driver:
  cores: {{ $driver.cores }}
  {{- with $driver.coreLimit }}
  coreLimit: {{ . | quote }}
  {{- end }}
  memory: {{ $driver.memory | quote }}
  serviceAccount: {{ include "pulse.sparkServiceAccountName" $root }}
  {{- with .job.javaOptions }}
  javaOptions: {{ . | quote }}
  {{- end }}
  labels:
    {{- toYaml $podLabels | nindent 4 }}
  envVars:
    {{- range $k := keys $envVars | sortAlpha }}
    {{ $k }}: {{ get $envVars $k | quote }}
    {{- end }}
  {{- with $envSecrets }}
  envSecretKeyRefs:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  template:
    {{- include "pulse.sparkPodTemplate" (dict "root" $root "container" "spark-kubernetes-driver" "simulatedHistory" .job.simulatedHistory) | nindent 4 }}
executor:
  cores: {{ $executor.cores }}
  instances: {{ $executor.instances }}
  memory: {{ $executor.memory | quote }}
  labels:
    {{- toYaml $podLabels | nindent 4 }}
  envVars:
    {{- range $k := keys $envVars | sortAlpha }}
    {{ $k }}: {{ get $envVars $k | quote }}
    {{- end }}
  {{- with $envSecrets }}
  envSecretKeyRefs:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  template:
    {{- include "pulse.sparkPodTemplate" (dict "root" $root "container" "spark-kubernetes-executor") | nindent 4 }}
{{- if $v.spark.monitoring.enabled }}
monitoring:
  exposeDriverMetrics: true
  exposeExecutorMetrics: true
  {{- /* Both files from the image: the operator then neither needs its ConfigMap nor the webhook to mount it. */}}
  metricsPropertiesFile: {{ $v.spark.monitoring.metricsPropertiesFile }}
  prometheus:
    jmxExporterJar: {{ $v.spark.monitoring.jmxExporterJar }}
    port: {{ $v.spark.monitoring.port }}
    configFile: {{ $v.spark.monitoring.configFile }}
{{- end }}
{{- end }}

{{/*
Pod template of driver or executor (Spark's spark.kubernetes.*.podTemplateFile, which the operator
writes from spec.*.template): the security contexts and the scratch volumes the read-only root
filesystem needs (Spark keeps the template's volumes and the named container's mounts), and for the
trainer's driver the init container that simulates a history when none is given. Call with
(dict "root" $ "container" NAME ["simulatedHistory" PATH]), NAME being the container name the
operator tells Spark to look for.
*/}}
{{- define "pulse.sparkPodTemplate" -}}
{{- $v := .root.Values }}
spec:
  securityContext:
    {{- toYaml $v.spark.podSecurityContext | nindent 4 }}
  {{- with .simulatedHistory }}
  {{- /* The trainer's history when none is given: simulated once onto the state claim ("state" is
  the volume Spark mounts from spark.kubernetes.driver.volumes.persistentVolumeClaim.state.*). */}}
  initContainers:
    - name: simulated-history
      image: {{ include "pulse.image" (dict "root" $.root "name" $v.spark.image.name) }}
      command: ["/bin/sh", "-c"]
      args:
        - >-
          test -s {{ . }} || { mkdir -p $(dirname {{ . }}) &&
          java -XX:-UsePerfData -cp '/opt/pulse/tools/*:/opt/spark/jars/*' io.pulse.simulator.fraud.WriteTransactionsCsv
          --customers 1000 --terminals 2000 --days 60 --start 2018-04-01 --output {{ . }}.tmp &&
          mv {{ . }}.tmp {{ . }}; }
      securityContext:
        {{- toYaml $v.spark.securityContext | nindent 8 }}
      volumeMounts:
        - name: state
          mountPath: {{ $v.storage.pvc.mountPath }}
  {{- end }}
  containers:
    - name: {{ .container }}
      securityContext:
        {{- toYaml .root.Values.spark.securityContext | nindent 8 }}
      {{- with .root.Values.spark.scratchVolumes }}
      volumeMounts:
        {{- range . }}
        - name: {{ .name }}
          mountPath: {{ .mountPath }}
        {{- end }}
      {{- end }}
  {{- with .root.Values.spark.scratchVolumes }}
  volumes:
    {{- range . }}
    - name: {{ .name }}
      emptyDir:
        {{- with .sizeLimit }}
        sizeLimit: {{ . }}
        {{- else }} {}
        {{- end }}
    {{- end }}
  {{- end }}
{{- end }}

{{/* The credentials of docs/API.md "Authentication": the keys of the credentials Secret, also the env names. */}}
{{- define "pulse.credentialKeys" -}}
- PULSE_INGEST_TOKEN
- PULSE_READ_TOKEN
- PULSE_FACEBOOK_APP_SECRET
{{- end }}

{{/* The Secret the services read their credentials from: yours (auth.existingSecret) or the generated one. */}}
{{- define "pulse.credentialsSecretName" -}}
{{- .Values.auth.existingSecret | default (printf "%s-credentials" (include "pulse.fullname" .)) }}
{{- end }}

{{/*
A Secret of random values (48 letters and digits per key), generated at install and kept: on an
upgrade Helm's lookup finds the Secret and its values are rendered again, so tokens handed out keep
working; `keep` leaves it in place on uninstall. Only upgrades look the Secret up: at install there is
none to keep (a Secret kept from an earlier release of the same name is adopted and rewritten), and
`helm template` has no cluster to ask. Call with (dict "root" $ "name" NAME "component" C "keys" LIST).
*/}}
{{- define "pulse.generatedSecret" -}}
{{- $existing := dict }}
{{- if .root.Release.IsUpgrade }}
{{- $existing = (lookup "v1" "Secret" .root.Release.Namespace .name).data | default dict }}
{{- end }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ .name }}
  labels:
    {{- include "pulse.labels" (dict "root" .root "component" .component) | nindent 4 }}
  annotations:
    helm.sh/resource-policy: keep
type: Opaque
data:
  {{- range $key := .keys }}
  {{ $key }}: {{ get $existing $key | default (randAlphaNum 48 | b64enc) | quote }}
  {{- end }}
{{- end }}

{{- define "pulse.sparkAuthSecretName" -}}
{{- .Values.spark.authenticate.existingSecret | default (printf "%s-spark-auth" (include "pulse.fullname" .)) }}
{{- end }}

{{/* A NetworkPolicy peer from (namespaceSelector, podSelector) values; empty when no namespace is selected (never "every namespace"). */}}
{{- define "pulse.networkPolicyPeer" -}}
{{- if .namespaceSelector }}
namespaceSelector:
  {{- toYaml .namespaceSelector | nindent 2 }}
podSelector:
  {{- toYaml (.podSelector | default dict) | nindent 2 }}
{{- end }}
{{- end }}

{{/* The egress rule to Kafka's client listener: Strimzi's broker pods, or an external cluster's addresses on the ports of kafka.bootstrapServers. */}}
{{- define "pulse.kafkaEgressRule" -}}
{{- if eq .Values.kafka.mode "strimzi" }}
to:
  - podSelector:
      matchLabels:
        strimzi.io/cluster: {{ include "pulse.kafkaClusterName" . }}
        strimzi.io/kind: Kafka
ports:
  - port: {{ include "pulse.kafkaClientPort" . }}
    protocol: TCP
{{- else }}
{{- $ports := dict }}
{{- range splitList "," (include "pulse.kafkaBootstrapServers" .) }}
{{- $_ := set $ports (splitList ":" . | last) true }}
{{- end }}
{{- with .Values.networkPolicy.externalKafka.cidrs }}
to:
  {{- range . }}
  - ipBlock:
      cidr: {{ . }}
  {{- end }}
{{- end }}
ports:
  {{- range keys $ports | sortAlpha }}
  - port: {{ . | int }}
    protocol: TCP
  {{- end }}
{{- end }}
{{- end }}

{{/* "true" when the chart's Strimzi cluster runs its TLS listener with SCRAM-SHA-512 (kafka.security); fails on a combination Strimzi mode does not offer. */}}
{{- define "pulse.kafkaScram" -}}
{{- $sec := .Values.kafka.security }}
{{- if eq .Values.kafka.mode "strimzi" }}
{{- if eq $sec.protocol "SASL_SSL" }}
{{- if ne $sec.mechanism "SCRAM-SHA-512" }}
{{- fail "kafka.security.mechanism must be SCRAM-SHA-512 with kafka.mode strimzi" }}
{{- end }}
{{- printf "true" }}
{{- else if ne $sec.protocol "PLAINTEXT" }}
{{- fail "kafka.security.protocol must be PLAINTEXT or SASL_SSL with kafka.mode strimzi" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Port of the Strimzi listener that services and jobs use: the TLS listener with SCRAM, else the plain one. */}}
{{- define "pulse.kafkaClientPort" -}}
{{- ternary "9093" "9092" (eq (include "pulse.kafkaScram" .) "true") }}
{{- end }}

{{/*
Every topic with its writers and readers: kafka.topics.list plus a dead-letter topic beside each
input that has deadLetter, written by the input's readers (the jobs put there what they cannot decode).
*/}}
{{- define "pulse.kafkaTopics" -}}
{{- $topics := list }}
{{- range .Values.kafka.topics.list }}
{{- $topics = append $topics . }}
{{- if .deadLetter }}
{{- $dl := $.Values.kafka.topics.deadLetter }}
{{- $topics = append $topics (dict "name" (printf "%s.dlq" .name) "partitions" $dl.partitions "cleanupPolicy" "delete" "retentionMs" $dl.retentionMs "writers" (.readers | default list) "readers" list) }}
{{- end }}
{{- end }}
{{- toYaml $topics }}
{{- end }}

{{/*
The Kafka ACLs of each enabled component that uses Kafka, as a map component -> ACL list (Strimzi
KafkaUser form): Write or Read (each with Describe) on its topics, and Read on its consumer groups:
a job's are the ones Spark's Kafka source generates (spark-kafka-source-*), a service's start with its
name (results-service's listener group). Fails on a writer or reader that is no service or job.
*/}}
{{- define "pulse.kafkaAcls" -}}
{{- $acls := dict }}
{{- range $t := include "pulse.kafkaTopics" . | fromYamlArray }}
{{- range $access := list "writers" "readers" }}
{{- range $c := get $t $access | default list }}
{{- $svc := get $.Values.services $c }}
{{- $job := get $.Values.spark.jobs $c }}
{{- if not (or $svc $job) }}
{{- fail (printf "kafka.topics.list: %s of %s: %s is no service or job" $access $t.name $c) }}
{{- end }}
{{- if (or $svc $job).enabled }}
{{- $op := ternary "Write" "Read" (eq $access "writers") }}
{{- $list := get $acls $c | default list }}
{{- $list = append $list (dict "resource" (dict "type" "topic" "name" $t.name "patternType" "literal") "operations" (list $op "Describe")) }}
{{- $_ := set $acls $c $list }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- range $c, $list := $acls }}
{{- $reads := false }}
{{- range $list }}{{ if has "Read" .operations }}{{ $reads = true }}{{ end }}{{ end }}
{{- if $reads }}
{{- $group := ternary "spark-kafka-source-" $c (hasKey $.Values.spark.jobs $c) }}
{{- $_ := set $acls $c (append $list (dict "resource" (dict "type" "group" "name" $group "patternType" "prefix") "operations" (list "Read"))) }}
{{- end }}
{{- end }}
{{- toYaml $acls }}
{{- end }}

{{/*
How a component reaches Kafka securely, as YAML: `env` (name with value, or with secret/key) and,
when the clients need a CA file, `truststoreSecret` (mounted at pulse.kafkaTruststoreDir). Empty
for a component that uses no topic. Call with (dict "root" $ "component" NAME).
*/}}
{{- define "pulse.kafkaClient" -}}
{{- $root := .root }}
{{- $sec := $root.Values.kafka.security }}
{{- $acls := include "pulse.kafkaAcls" $root | fromYaml }}
{{- if hasKey $acls .component }}
{{- $env := list (dict "name" "KAFKA_SECURITY_PROTOCOL" "value" $sec.protocol) }}
{{- $truststore := dict }}
{{- if eq (include "pulse.kafkaScram" $root) "true" }}
{{- $env = append $env (dict "name" "KAFKA_SASL_MECHANISM" "value" "SCRAM-SHA-512") }}
{{- $env = append $env (dict "name" "KAFKA_SASL_JAAS_CONFIG" "secret" (printf "%s-%s" (include "pulse.fullname" $root) .component) "key" "sasl.jaas.config") }}
{{- $truststore = dict "secret" (printf "%s-cluster-ca-cert" (include "pulse.kafkaClusterName" $root)) "key" "ca.p12" "type" "PKCS12" "passwordKey" "ca.password" }}
{{- else if eq $root.Values.kafka.mode "external" }}
{{- if hasPrefix "SASL_" $sec.protocol }}
{{- $env = append $env (dict "name" "KAFKA_SASL_MECHANISM" "value" $sec.mechanism) }}
{{- $env = append $env (dict "name" "KAFKA_SASL_JAAS_CONFIG" "secret" (required "kafka.security.jaasConfig.existingSecret is required with a SASL protocol" $sec.jaasConfig.existingSecret) "key" $sec.jaasConfig.key) }}
{{- end }}
{{- if and (hasSuffix "SSL" $sec.protocol) $sec.truststore.existingSecret }}
{{- $truststore = dict "secret" $sec.truststore.existingSecret "key" $sec.truststore.key "type" $sec.truststore.type "passwordKey" $sec.truststore.passwordKey }}
{{- end }}
{{- end }}
{{- with $truststore }}
{{- $env = append $env (dict "name" "KAFKA_SSL_TRUSTSTORE_LOCATION" "value" (printf "%s/%s" (include "pulse.kafkaTruststoreDir" $root) .key)) }}
{{- $env = append $env (dict "name" "KAFKA_SSL_TRUSTSTORE_TYPE" "value" .type) }}
{{- with .passwordKey }}
{{- $env = append $env (dict "name" "KAFKA_SSL_TRUSTSTORE_PASSWORD" "secret" $truststore.secret "key" .) }}
{{- end }}
{{- end }}
{{- toYaml (dict "env" $env "truststoreSecret" ($truststore.secret | default "")) }}
{{- end }}
{{- end }}

{{- define "pulse.kafkaTruststoreDir" -}}
/etc/pulse/kafka-truststore
{{- end }}
