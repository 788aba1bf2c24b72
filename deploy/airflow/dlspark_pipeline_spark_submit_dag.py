"""Airflow DAG: the dlspark Fashion-MNIST pipeline every night, through SparkSubmitOperator and the dlspark image.

The variant of dlspark_pipeline_dag.py for Airflow deployments without a dlspark checkout: the task runs in a pod of
the dlspark image (KubernetesExecutor or CeleryKubernetesExecutor, through executor_config's pod_override), so
spark-submit, the job jar and conf/ are at the image's paths (deploy/docker/Dockerfile): /opt/spark/bin/spark-submit,
/opt/dlspark/dlspark-jobs.jar, /opt/dlspark/conf/. Needs apache-airflow-providers-apache-spark and
apache-airflow-providers-cncf-kubernetes, and a Spark connection `dlspark_spark` whose host is the master
(k8s://https://kubernetes.default.svc, spark://..., or yarn).

The run id is Airflow's logical date, so retries resume that run. SparkSubmitOperator fails the task on any non-zero
exit of `dlspark pipeline` (1 failure, 2 configuration error, 75 run in progress); retries resume the run, and a
configuration error fails every retry the same way until the config is fixed.

JVM_OPTIONS are the lines of conf/jvm.options (deploy/tests/run.sh checks that they agree).
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from kubernetes.client import models as k8s

IMAGE = "dlspark:0.1.0"
DLSPARK_HOME = "/opt/dlspark"
JVM_OPTIONS = [
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.net=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
    "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
    "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
    "-Djdk.reflect.useDirectMethodHandle=false",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dorg.bytedeco.javacpp.maxbytes=4G",
    "-Dorg.bytedeco.javacpp.maxphysicalbytes=12G",
    "-Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2",
]
LOG4J = f"-Dlog4j2.configurationFile={DLSPARK_HOME}/conf/log4j2.properties"
# Executors get a lower ND4J limit than their memory overhead (docs/operations.md section 5); later -D settings win.
EXECUTOR_LIMITS = "-Dorg.bytedeco.javacpp.maxbytes=1536m -Dorg.bytedeco.javacpp.maxphysicalbytes=3584m"

with DAG(
    dag_id="dlspark_fashion_mnist_spark_submit",
    start_date=datetime(2024, 1, 1),
    schedule="15 2 * * *",
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 3, "retry_delay": timedelta(minutes=10)},
    tags=["dlspark"],
) as dag:
    SparkSubmitOperator(
        task_id="pipeline",
        conn_id="dlspark_spark",
        spark_binary="/opt/spark/bin/spark-submit",
        application=f"{DLSPARK_HOME}/dlspark-jobs.jar",
        java_class="io.dlspark.cli.DlsparkCli",
        name="dlspark-fashion-mnist-{{ ds_nodash }}",
        deploy_mode="client",
        properties_file=f"{DLSPARK_HOME}/conf/spark-defaults.conf",
        conf={
            "spark.driver.extraJavaOptions": " ".join(JVM_OPTIONS + [LOG4J]),
            "spark.executor.extraJavaOptions": " ".join(JVM_OPTIONS + [EXECUTOR_LIMITS, LOG4J]),
            "spark.kubernetes.container.image": IMAGE,
        },
        application_args=["pipeline", "--config", f"{DLSPARK_HOME}/conf/pipelines/fashion-mnist.conf",
                          "--run-id", "fashion-mnist-{{ ds_nodash }}"],
        executor_config={"pod_override": k8s.V1Pod(spec=k8s.V1PodSpec(containers=[
            k8s.V1Container(name="base", image=IMAGE)]))},
    )
