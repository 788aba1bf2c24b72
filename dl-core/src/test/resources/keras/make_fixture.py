#!/usr/bin/python3
"""Writes dense-784-3-10.h5, a small Keras 2 Sequential model (784 -> Dense 3 relu -> Dense 10 softmax), in the HDF5
layout that Keras 2.x model.save() writes and DL4J's KerasModelImport reads: root attributes keras_version, backend,
model_config and training_config (JSON), and model_weights/<layer>/<layer>/{kernel:0,bias:0} with the weight_names
and layer_names attributes. Keras itself is not used (it is not installable here): the file is written with h5py and
numpy (Debian packages python3-h5py, python3-numpy); weights are Glorot-uniform from numpy seed 20260901.
Also prints the model's output for the input x[i] = i / 783, computed with numpy, which the import test checks.
Run: /usr/bin/python3 make_fixture.py (in this folder)."""
import json
import h5py
import numpy as np

rng = np.random.RandomState(20260901)


def glorot(n_in, n_out):
    limit = np.sqrt(6.0 / (n_in + n_out))
    return rng.uniform(-limit, limit, size=(n_in, n_out)).astype(np.float32)


def dense(name, units, activation):
    return {"class_name": "Dense", "config": {
        "name": name, "trainable": True, "dtype": "float32", "units": units, "activation": activation,
        "use_bias": True,
        "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
        "bias_initializer": {"class_name": "Zeros", "config": {}},
        "kernel_regularizer": None, "bias_regularizer": None, "activity_regularizer": None,
        "kernel_constraint": None, "bias_constraint": None}}


model_config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
    {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 784], "dtype": "float32", "sparse": False,
                                            "ragged": False, "name": "input_1"}},
    dense("hidden", 3, "relu"),
    dense("predictions", 10, "softmax")]}}
training_config = {"loss": "categorical_crossentropy", "metrics": ["accuracy"], "weighted_metrics": None,
                   "loss_weights": None, "sample_weight_mode": None,
                   "optimizer_config": {"class_name": "Adam", "config": {
                       "name": "Adam", "learning_rate": 0.001, "decay": 0.0, "beta_1": 0.9, "beta_2": 0.999,
                       "epsilon": 1e-07, "amsgrad": False}}}

weights = {"hidden": (glorot(784, 3), (rng.uniform(-0.1, 0.1, 3)).astype(np.float32)),
           "predictions": (glorot(3, 10), (rng.uniform(-0.1, 0.1, 10)).astype(np.float32))}

with h5py.File("dense-784-3-10.h5", "w") as f:
    f.attrs["keras_version"] = np.bytes_("2.4.0")
    f.attrs["backend"] = np.bytes_("tensorflow")
    f.attrs["model_config"] = np.bytes_(json.dumps(model_config))
    f.attrs["training_config"] = np.bytes_(json.dumps(training_config))
    mw = f.create_group("model_weights")
    mw.attrs["layer_names"] = np.array([b"input_1", b"hidden", b"predictions"])
    mw.attrs["backend"] = np.bytes_("tensorflow")
    mw.attrs["keras_version"] = np.bytes_("2.4.0")
    mw.create_group("input_1").attrs["weight_names"] = np.array([], dtype="S1")
    for name, (kernel, bias) in weights.items():
        group = mw.create_group(name)
        group.attrs["weight_names"] = np.array([f"{name}/kernel:0".encode(), f"{name}/bias:0".encode()])
        inner = group.create_group(name)
        inner.create_dataset("kernel:0", data=kernel)
        inner.create_dataset("bias:0", data=bias)

x = (np.arange(784, dtype=np.float64) / 783.0)[None, :]
h = np.maximum(0, x @ weights["hidden"][0] + weights["hidden"][1])
z = h @ weights["predictions"][0] + weights["predictions"][1]
p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
print("expected output for x[i] = i/783:", ", ".join(f"{v:.7f}f" for v in p[0]))
