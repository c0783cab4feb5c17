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
{{- printf "%s-kafka-bootstrap:9092" (include "pulse.kafkaClusterName" .) }}
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
*/}}
{{- define "pulse.sparkApplicationSpec" -}}
{{- $root := .root }}
{{- $v := $root.Values }}
{{- $driver := mergeOverwrite (deepCopy $v.spark.driver) (.job.driver | default dict) }}
{{- $executor := mergeOverwrite (deepCopy $v.spark.executor) (.job.executor | default dict) }}
{{- $podLabels := include "pulse.selectorLabels" (dict "root" $root "component" .name) | fromYaml }}
{{- $_ := set $podLabels "app.kubernetes.io/part-of" "pulse" }}
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
{{- with $v.spark.sparkConf }}
sparkConf:
  {{- range $key, $value := . }}
  {{ $key }}: {{ $value | toString | quote }}
  {{- end }}
{{- end }}
restartPolicy:
  {{- toYaml .restartPolicy | nindent 2 }}
{{- if eq $v.storage.type "pvc" }}
volumes:
  - name: state
    persistentVolumeClaim:
      claimName: {{ include "pulse.stateClaimName" $root }}
{{- end }}
driver:
  cores: {{ $driver.cores }}
  {{- with $driver.coreLimit }}
  coreLimit: {{ . | quote }}
  {{- end }}
  memory: {{ $driver.memory | quote }}
  serviceAccount: {{ include "pulse.sparkServiceAccountName" $root }}
  labels:
    {{- toYaml $podLabels | nindent 4 }}
    spark-role: driver
  env:
    - name: LOG_LEVEL
      value: {{ $v.logLevel | quote }}
  podSecurityContext:
    {{- toYaml $v.spark.podSecurityContext | nindent 4 }}
  securityContext:
    {{- toYaml $v.spark.securityContext | nindent 4 }}
  {{- if eq $v.storage.type "pvc" }}
  volumeMounts:
    - name: state
      mountPath: {{ $v.storage.pvc.mountPath }}
  {{- end }}
executor:
  cores: {{ $executor.cores }}
  instances: {{ $executor.instances }}
  memory: {{ $executor.memory | quote }}
  labels:
    {{- toYaml $podLabels | nindent 4 }}
    spark-role: executor
  env:
    - name: LOG_LEVEL
      value: {{ $v.logLevel | quote }}
  podSecurityContext:
    {{- toYaml $v.spark.podSecurityContext | nindent 4 }}
  securityContext:
    {{- toYaml $v.spark.securityContext | nindent 4 }}
  {{- if eq $v.storage.type "pvc" }}
  volumeMounts:
    - name: state
      mountPath: {{ $v.storage.pvc.mountPath }}
  {{- end }}
{{- if $v.spark.monitoring.enabled }}
monitoring:
  exposeDriverMetrics: true
  exposeExecutorMetrics: true
  prometheus:
    jmxExporterJar: {{ $v.spark.monitoring.jmxExporterJar }}
    port: {{ $v.spark.monitoring.port }}
{{- end }}
{{- end }}
