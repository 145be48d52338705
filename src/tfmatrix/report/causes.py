"""Why each behaviour appears: one line per behaviour of behaviours.py, with a link to the source
line of the release where it starts or ends, a tracked issue or the release notes, each read there.
A behaviour missing here is shown with "cause not established".

SPANS declares, for a behaviour whose cause explains where it starts or ends, the releases it
explains: the published data must show the behaviour on the first and the last of them and on none
outside (tests/test_published.py), and the cause's words name them."""

# behaviour -> (first, last) release its cause explains; last '' where it holds up to the newest.
SPANS = {
    "Placeholder failure": ("1.12", ""),
    "`get_updates_for` wires no update op": ("1.12", "1.13"),
    "Step compiled by `tf.contrib.eager.defun`": ("1.12", "1.13"),
    "Frozen batch norm updated": ("1.12", "1.13"),
    "NaN statistics": ("1.12", "2.1"),
    "tf.layers unavailable": ("2.16", ""),
    "`set_learning_phase` unavailable": ("2.16", ""),
    "`model.updates` unavailable": ("2.16", ""),
}

CAUSES = {
    "Placeholder failure": (
        "`Sequential.add` with an input shape builds every layer on a placeholder of the model's own, and `model.updates` keeps the batch-norm updates built on it: on 1.12–1.13 the only ones it keeps "
        "([v1.12.0 network.py#L634-L651](https://github.com/tensorflow/tensorflow/blob/v1.12.0/tensorflow/python/keras/engine/network.py#L634-L651)), "
        "from 1.14 all of them ([v1.14.0 base_layer.py#L751-L773](https://github.com/tensorflow/tensorflow/blob/v1.14.0/tensorflow/python/keras/engine/base_layer.py#L751-L773)), "
        "unchanged up to [tf_keras v2.21.0 base_layer_v1.py#L999-L1028](https://github.com/keras-team/tf-keras/blob/v2.21.0/tf_keras/src/engine/base_layer_v1.py#L999-L1028); "
        "a `tf.data` tensor adds no node to the model "
        "([v1.12.0 base_layer.py#L783-L785](https://github.com/tensorflow/tensorflow/blob/v1.12.0/tensorflow/python/keras/engine/base_layer.py#L783-L785); "
        "[#26322](https://github.com/tensorflow/tensorflow/issues/26322)). "
        "Probe: `wired_placeholders` names the placeholder."
    ),
    "Statistics not updated": (
        "with no training flag batch norm takes the learning phase, 0 unless set, and runs in inference mode "
        "([v2.0.0 normalization.py#L630-L640](https://github.com/tensorflow/tensorflow/blob/v2.0.0/tensorflow/python/keras/layers/normalization.py#L630-L640)); "
        "on 1.12 Keras' graph-mode training feeds the learning phase only when `uses_learning_phase` is set, "
        "which the no-input-shape model never sets "
        "([v1.12.0 training.py#L1934-L1937](https://github.com/tensorflow/tensorflow/blob/v1.12.0/tensorflow/python/keras/engine/training.py#L1934-L1937); "
        "fed always from [v1.13.1 training.py#L1887-L1888](https://github.com/tensorflow/tensorflow/blob/v1.13.1/tensorflow/python/keras/engine/training.py#L1887-L1888); "
        "probe: `learning_phase_fed`); `get_updates_for` on 1.12–1.13: see its entry; a frozen layer: see its section."
    ),
    "UPDATE_OPS empty for Keras layers": (
        "only the `tf.layers` base class copies a layer's updates into `UPDATE_OPS` "
        "([v1.12.0 layers/base.py#L376-L378](https://github.com/tensorflow/tensorflow/blob/v1.12.0/tensorflow/python/layers/base.py#L376-L378); "
        "[tf_keras v2.21.0 legacy_tf_layers/base.py#L620-L624](https://github.com/keras-team/tf-keras/blob/v2.21.0/tf_keras/src/legacy_tf_layers/base.py#L620-L624)); "
        "a Keras layer keeps them in its own `updates` "
        "([v1.12.0 base_layer.py#L321-L323](https://github.com/tensorflow/tensorflow/blob/v1.12.0/tensorflow/python/keras/engine/base_layer.py#L321-L323); "
        "[#23873](https://github.com/tensorflow/tensorflow/issues/23873))."
    ),
    'Summary shows "multiple"': (
        "the no-input-shape model's layers are never called on Keras tensors, so they have no inbound node, "
        "`output_shape` raises and the summary prints `multiple` "
        "([v1.12.0 layer_utils.py#L172-L175](https://github.com/tensorflow/tensorflow/blob/v1.12.0/tensorflow/python/keras/utils/layer_utils.py#L172-L175)); "
        "from 2.3 an eager `Sequential` rebuilds itself on an `Input` of the first batch's shape "
        "([v2.3.0 sequential.py#L262-L330](https://github.com/tensorflow/tensorflow/blob/v2.3.0/tensorflow/python/keras/engine/sequential.py#L262-L330)), "
        "never in v1 graph mode ([tf_keras v2.21.0 sequential.py#L275-L281](https://github.com/keras-team/tf-keras/blob/v2.21.0/tf_keras/src/engine/sequential.py#L275-L281)). "
        "Probe: `inbound_nodes`."
    ),
    "`get_updates_for` wires no update op": (
        "on 1.12–1.13 `get_updates_for` filters the model's `updates`, which `Network.updates` has already cut down "
        "to the updates built on the model's own input, none of them reachable from `x` "
        "([v1.12.0 base_layer.py#L355-L361](https://github.com/tensorflow/tensorflow/blob/v1.12.0/tensorflow/python/keras/engine/base_layer.py#L355-L361)); "
        "from 1.14 it filters the layers' own updates "
        "([v1.14.0 base_layer.py#L1141-L1149](https://github.com/tensorflow/tensorflow/blob/v1.14.0/tensorflow/python/keras/engine/base_layer.py#L1141-L1149)). "
        "Probe: `bn_layer_updates` above `model_updates`, and `wired_placeholders` empty."
    ),
    "`tf.function` unavailable": (
        "1.13 exports `function` in its 2.x API only "
        "([v1.13.2 def_function.py#L528](https://github.com/tensorflow/tensorflow/blob/v1.13.2/tensorflow/python/eager/def_function.py#L528)); "
        "1.14 exports it as `tf.function` ([v1.14.0 def_function.py#L723](https://github.com/tensorflow/tensorflow/blob/v1.14.0/tensorflow/python/eager/def_function.py#L723))."
    ),
    "Step compiled by `tf.contrib.eager.defun`": (
        "1.12 and 1.13 have no `tf.function`: 1.13 exports `function` in its 2.x API only "
        "([v1.13.2 def_function.py#L528](https://github.com/tensorflow/tensorflow/blob/v1.13.2/tensorflow/python/eager/def_function.py#L528)), "
        "1.14 as `tf.function` ([v1.14.0 def_function.py#L723](https://github.com/tensorflow/tensorflow/blob/v1.14.0/tensorflow/python/eager/def_function.py#L723)). "
        "Code of that era compiled its step with `tf.contrib.eager.defun`, which traces the step into a graph function "
        "and runs every stateful op it traced, returned or not "
        "([v1.12.0 function.py#L1723-L1729](https://github.com/tensorflow/tensorflow/blob/v1.12.0/tensorflow/python/eager/function.py#L1723-L1729); "
        "[v1.13.1 auto_control_deps.py#L33-L39](https://github.com/tensorflow/tensorflow/blob/v1.13.1/tensorflow/python/framework/auto_control_deps.py#L33-L39)). "
        "Keras' own `fit` and `train_on_batch` are not the caller's step: 1.12 cannot compile them (unavailable, with the reason), "
        "1.13 compiles them itself (`run_eagerly=False`). Evidence: `api` names `tf.contrib.eager.defun`."
    ),
    "Frozen batch norm updated": (
        "on 1.12–1.13 the eager layer's two kernel paths differ. The fused kernel (the conv net's 4-D input) assigns "
        "the moving averages whenever `training` is true, whatever `trainable` says "
        "([v1.12.0 normalization.py#L411-L424](https://github.com/tensorflow/tensorflow/blob/v1.12.0/tensorflow/python/keras/layers/normalization.py#L411-L424); "
        "[v1.13.1 normalization.py#L467-L480](https://github.com/tensorflow/tensorflow/blob/v1.13.1/tensorflow/python/keras/layers/normalization.py#L467-L480)); "
        "the non-fused path (the `Dense` net's 2-D input) returns before assigning when it runs eagerly and is not trainable "
        "([v1.12.0 normalization.py#L601-L617](https://github.com/tensorflow/tensorflow/blob/v1.12.0/tensorflow/python/keras/layers/normalization.py#L601-L617); "
        "[v1.13.1 normalization.py#L658-L674](https://github.com/tensorflow/tensorflow/blob/v1.13.1/tensorflow/python/keras/layers/normalization.py#L658-L674)). "
        "Under `tf.contrib.eager.defun` both paths update: inside the traced step `executing_eagerly()` is False, "
        "so that guard never fires, and defun runs the assign ops it traced "
        "([v1.13.1 func_graph.py#L380-L384](https://github.com/tensorflow/tensorflow/blob/v1.13.1/tensorflow/python/framework/func_graph.py#L380-L384); "
        "[v1.13.1 auto_control_deps.py#L33-L39](https://github.com/tensorflow/tensorflow/blob/v1.13.1/tensorflow/python/framework/auto_control_deps.py#L33-L39)). "
        "1.12's eager `fit` updates the conv net 6 times in 5 steps: before the first step `_eager_set_inputs` calls "
        "the model on the first batch inside `fit`'s learning-phase-1 scope "
        "([v1.12.0 training.py#L1270-L1272](https://github.com/tensorflow/tensorflow/blob/v1.12.0/tensorflow/python/keras/engine/training.py#L1270-L1272); "
        "[v1.12.0 training_eager.py#L668](https://github.com/tensorflow/tensorflow/blob/v1.12.0/tensorflow/python/keras/engine/training_eager.py#L668)), "
        "which the `Dense` net's early return absorbs; 1.13 builds that call in a graph, never run "
        "([v1.13.1 training.py#L2508-L2531](https://github.com/tensorflow/tensorflow/blob/v1.13.1/tensorflow/python/keras/engine/training.py#L2508-L2531)). "
        "Probe: `bn_fused`, the path the layer took."
    ),
    "Frozen batch norm kept its statistics": (
        "in graph mode on 1.x `Layer.updates` is empty for a layer that is not trainable, so `model.updates` wires none "
        "([v1.12.0 base_layer.py#L277-L278](https://github.com/tensorflow/tensorflow/blob/v1.12.0/tensorflow/python/keras/engine/base_layer.py#L277-L278)), "
        "and Keras' own compiled step on 1.13 reads the same `updates` "
        "([v1.13.1 base_layer.py#L651-L652](https://github.com/tensorflow/tensorflow/blob/v1.13.1/tensorflow/python/keras/engine/base_layer.py#L651-L652)); "
        "eagerly on 1.12–1.13 the non-fused path returns early (see the entry above). From 1.14 `add_update` drops the "
        "updates of a layer called in a frozen context, on both paths, while the layer still normalises with the batch's "
        "statistics ([v1.14.0 base_layer.py#L1048-L1054](https://github.com/tensorflow/tensorflow/blob/v1.14.0/tensorflow/python/keras/engine/base_layer.py#L1048-L1054); "
        "fused [v1.14.0 normalization.py#L511-L534](https://github.com/tensorflow/tensorflow/blob/v1.14.0/tensorflow/python/keras/layers/normalization.py#L511-L534), "
        "non-fused [#L766-L783](https://github.com/tensorflow/tensorflow/blob/v1.14.0/tensorflow/python/keras/layers/normalization.py#L766-L783)); "
        "from 2.0 the V2 layer also turns `training` off when it is not trainable, before either path "
        "([v2.0.0 normalization.py#L630-L640](https://github.com/tensorflow/tensorflow/blob/v2.0.0/tensorflow/python/keras/layers/normalization.py#L630-L640); "
        "[v2.3.4 normalization.py#L685-L695](https://github.com/tensorflow/tensorflow/blob/v2.3.4/tensorflow/python/keras/layers/normalization.py#L685-L695); "
        "[tf_keras v2.16.0 batch_normalization.py#L1310-L1320](https://github.com/keras-team/tf-keras/blob/v2.16.0/tf_keras/src/layers/normalization/batch_normalization.py#L1310-L1320)), "
        "and in graph mode on 2.x `disable_v2_behavior` leaves it the V2 layer, which builds no update op. "
        "Keras 3 has one path: `if training and self.trainable` "
        "([keras v3.15.1 batch_normalization.py#L363-L394](https://github.com/keras-team/keras/blob/v3.15.1/keras/src/layers/normalization/batch_normalization.py#L363-L394))."
    ),
    "tf.layers unavailable": (
        "under Keras 3, `tf.compat.v1.layers` is a lazy loader that refuses every member: Keras 3 has no TF1 API "
        "([v2.16.2 lazy_loader.py#L188-L209](https://github.com/tensorflow/tensorflow/blob/v2.16.2/tensorflow/python/util/lazy_loader.py#L188-L209); "
        "[v2.16.1 release notes](https://github.com/tensorflow/tensorflow/releases/tag/v2.16.1))."
    ),
    "`set_learning_phase` unavailable": (
        "Keras 3 removed the learning phase: batch norm reads only its `training` argument "
        "([keras v3.15.1 batch_normalization.py#L363-L391](https://github.com/keras-team/keras/blob/v3.15.1/keras/src/layers/normalization/batch_normalization.py#L363-L391); "
        "[keras#19597](https://github.com/keras-team/keras/issues/19597))."
    ),
    "`model.updates` unavailable": (
        "Keras 3 layers have no `updates`: batch norm assigns its statistics as it runs "
        "([keras v3.15.1 batch_normalization.py#L363-L391](https://github.com/keras-team/keras/blob/v3.15.1/keras/src/layers/normalization/batch_normalization.py#L363-L391))."
    ),
    "NaN statistics": (
        "up to 2.1 the fused batch-norm kernel in inference mode leaves its batch-statistics outputs unwritten, "
        "and Keras still folds them into the moving statistics with momentum 1, so a leftover infinity or NaN "
        "lands there as NaN, in some runs only "
        "([v1.12.0 normalization.py#L411-L424](https://github.com/tensorflow/tensorflow/blob/v1.12.0/tensorflow/python/keras/layers/normalization.py#L411-L424); "
        "[v2.1.0 normalization.py#L563-L593](https://github.com/tensorflow/tensorflow/blob/v2.1.0/tensorflow/python/keras/layers/normalization.py#L563-L593); "
        "[#15919](https://github.com/tensorflow/tensorflow/issues/15919)); from 2.2 the kernel passes its inputs through "
        "while Keras is unchanged ([v2.2.0 normalization.py#L584-L633](https://github.com/tensorflow/tensorflow/blob/v2.2.0/tensorflow/python/keras/layers/normalization.py#L584-L633)); "
        "the kernel's own change is C++, its commit not established. "
        "Probe: `inference_kernel` (the kernel run five times in inference mode: other values than the statistics "
        "it was given up to 2.1, `passthrough` from 2.2)."
    ),
    "Update ops raced": (
        "a Keras layer's resource variables give each update op its own read, which runs at the start of the step, "
        "so both ops of a step can read the old value "
        "([v1.12.0 base_layer.py#L1961-L1962](https://github.com/tensorflow/tensorflow/blob/v1.12.0/tensorflow/python/keras/engine/base_layer.py#L1961-L1962); "
        "[v1.12.0 resource_variable_ops.py#L723-L733](https://github.com/tensorflow/tensorflow/blob/v1.12.0/tensorflow/python/ops/resource_variable_ops.py#L723-L733)); "
        "`tf.layers` make reference variables, read live when each op runs "
        "([v1.12.0 variables.py#L1562-L1579](https://github.com/tensorflow/tensorflow/blob/v1.12.0/tensorflow/python/ops/variables.py#L1562-L1579)), "
        "unless only eager execution is disabled: `disable_v2_behavior` turns resource variables off, "
        "`disable_eager_execution` does not ([v2.15.1 v2_compat.py#L104-L108](https://github.com/tensorflow/tensorflow/blob/v2.15.1/tensorflow/python/compat/v2_compat.py#L104-L108)). "
        "Probe: `variable`."
    ),
    "Flaky: runs disagree": (
        'the update ops\' races and the NaN of the inference-mode kernel differ from run to run (see "Update ops raced" '
        'and "NaN statistics"); placeholder cells whose racing update op sometimes runs once before the failure '
        "([#26322](https://github.com/tensorflow/tensorflow/issues/26322)) are counted here too."
    ),
}
# Causes of errors no behaviour above names, by the start of the error's summary (`Type: message`).
ERROR_CAUSES = {
    "NotImplementedError: tf.GradientTape.gradients() does not support graph control flow": (
        "1.13 under `tf.contrib.eager.defun`, wherever batch norm is given no `training` argument: it reads "
        "`K.learning_phase()` ([v1.13.2 normalization.py#L554-L555](https://github.com/tensorflow/tensorflow/blob/v1.13.2/tensorflow/python/keras/layers/normalization.py#L554-L555)), "
        "which inside the traced step is a placeholder of the function's own graph, defaulting to False, so "
        "`set_learning_phase(True)` no longer reaches it "
        "([v1.13.2 backend.py#L380-L395](https://github.com/tensorflow/tensorflow/blob/v1.13.2/tensorflow/python/keras/backend.py#L380-L395); 1.12 read the eager value "
        "under `init_scope`: [v1.12.3 backend.py#L370-L389](https://github.com/tensorflow/tensorflow/blob/v1.12.3/tensorflow/python/keras/backend.py#L370-L389)); "
        "batch norm then branches on it with a TF1 `cond` "
        "([v1.13.2 normalization.py#L456](https://github.com/tensorflow/tensorflow/blob/v1.13.2/tensorflow/python/keras/layers/normalization.py#L456)), whose gradient "
        "`GradientTape` cannot take ([v1.13.2 backprop.py#L102-L107](https://github.com/tensorflow/tensorflow/blob/v1.13.2/tensorflow/python/eager/backprop.py#L102-L107)): "
        "the step never runs."
    ),
    "TypeError: int() argument must be a string": (
        "Keras 3's `fit` reads the dataset's cardinality as a Python int, a symbolic tensor in TF1 graph mode "
        "([keras v3.15.1 tf_dataset_adapter.py#L65-L77](https://github.com/keras-team/keras/blob/v3.15.1/keras/src/trainers/data_adapters/tf_dataset_adapter.py#L65-L77))."
    ),
    "NotImplementedError: Cannot convert a symbolic tf.Tensor": (
        "in TF1 graph mode Keras 3's `train_on_batch` only adds its step to the graph and returns a symbolic tensor, "
        "which the experiment cannot read as a loss ([keras v3.15.1 trainer.py#L600-L633](https://github.com/keras-team/keras/blob/v3.15.1/keras/src/backend/tensorflow/trainer.py#L600-L633)): "
        "nothing is trained."
    ),
}
