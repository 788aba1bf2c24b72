package io.dlspark.gpu;

import io.dlspark.core.UsageException;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Which CUDA device a Spark task uses, from the GPU addresses Spark assigned to it
 * ({@code TaskContext.resources().get("gpu").addresses()}). Addresses are what the discovery script printed
 * ({@code nvidia-smi} indices). When the executor's {@code CUDA_VISIBLE_DEVICES} restricts and renumbers the devices
 * (container runtimes do), an address is mapped to its position in that list, which is the CUDA ordinal ND4J uses.
 */
public final class GpuAssignment {
    private GpuAssignment() {
    }

    /**
     * The CUDA device ordinal for a task, or empty when no GPUs were requested.
     *
     * @param addresses          the task's assigned GPU addresses (empty when Spark assigned none)
     * @param gpusRequested      whether the application asked for GPUs ({@code spark.task.resource.gpu.amount > 0})
     * @param cudaVisibleDevices the executor's {@code CUDA_VISIBLE_DEVICES}, or null when unset
     */
    public static OptionalInt cudaDevice(List<String> addresses, boolean gpusRequested, String cudaVisibleDevices) {
        if (!gpusRequested) {
            return OptionalInt.empty();
        }
        if (addresses.isEmpty()) {
            throw new UsageException("this task was assigned no GPU although spark.task.resource.gpu.amount asks for one; "
                + "set spark.executor.resource.gpu.amount and a discovery script (deploy/gpu-discovery.sh)");
        }
        if (addresses.size() > 1) {
            throw new UsageException("this task was assigned " + addresses.size() + " GPUs " + addresses
                + "; a dlspark worker task trains on one: set spark.task.resource.gpu.amount=1");
        }
        String address = addresses.get(0).trim();
        if (!address.matches("\\d+")) {
            throw new UsageException("GPU address '" + address + "' is not a device index; the discovery script must print "
                + "nvidia-smi indices such as {\"name\":\"gpu\",\"addresses\":[\"0\",\"1\"]}");
        }
        if (cudaVisibleDevices == null || cudaVisibleDevices.isBlank()) {
            return OptionalInt.of(Integer.parseInt(address));
        }
        List<String> visible = Arrays.stream(cudaVisibleDevices.split(",")).map(String::trim).toList();
        int ordinal = visible.indexOf(address);
        if (ordinal < 0) {
            throw new UsageException("GPU address " + address + " is not among this executor's CUDA_VISIBLE_DEVICES="
                + cudaVisibleDevices + "; the discovery script and the container disagree about device numbers");
        }
        return OptionalInt.of(ordinal);
    }
}
