"""Airflow DAG: the dlspark Fashion-MNIST pipeline every night, through deploy/submit.sh.

The run id is Airflow's logical date, so task retries and manual re-runs of one date resume that run (finished
stages are skipped, training continues from its newest checkpoint) or do nothing when it has finished.
Exit codes of `dlspark pipeline`, and what the task does with them:
  0   done, or already done            -> success
  1   failure                          -> retried (resumes)
  2   configuration error              -> failed at once, no retry: fix the config file
  75  another process holds the lock   -> retried after retry_delay

Install: copy this file into the DAGs folder; set the Airflow Variables dlspark_home (default /opt/dlspark) and
dlspark_master (default spark://spark-master:7077). A plain BashOperator running the same command also works (any
non-zero exit is then retried). For Kubernetes see deploy/kubernetes/.
"""
import subprocess
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.models import Variable
from airflow.operators.python import PythonOperator

EXIT_CONFIGURATION_ERROR = 2
EXIT_RUN_IN_PROGRESS = 75


def run_pipeline(ds_nodash, **_):
    home = Variable.get("dlspark_home", default_var="/opt/dlspark")
    master = Variable.get("dlspark_master", default_var="spark://spark-master:7077")
    command = ["deploy/submit.sh", "--master", master, "pipeline",
               "--config", "conf/pipelines/fashion-mnist.conf", "--run-id", f"fashion-mnist-{ds_nodash}"]
    code = subprocess.run(command, cwd=home, check=False).returncode
    if code == 0:
        return
    if code == EXIT_CONFIGURATION_ERROR:
        raise AirflowFailException("dlspark pipeline: configuration error (exit 2); fix the config, then clear the task")
    if code == EXIT_RUN_IN_PROGRESS:
        raise AirflowException("dlspark pipeline: another process runs this run id (exit 75); retrying later")
    raise AirflowException(f"dlspark pipeline failed (exit {code}); the retry resumes the run")


with DAG(
    dag_id="dlspark_fashion_mnist",
    start_date=datetime(2024, 1, 1),
    schedule="15 2 * * *",
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 3, "retry_delay": timedelta(minutes=10)},
    tags=["dlspark"],
) as dag:
    PythonOperator(task_id="pipeline", python_callable=run_pipeline)
