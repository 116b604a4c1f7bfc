{
  "variables": {
    "use_openblas%": "<!(node -p \"process.env.MULTIHOP_USE_OPENBLAS === '1' ? 1 : 0\")"
  },
  "targets": [
    {
      "target_name": "multihop_kernels",
      "sources": ["kernels-addon.cc", "gemm.cc", "conv-im2col.cc", "fused-mlp.cc", "fused-mlp-addon.cc"],
      "cflags!": ["-O2"],
      "cflags_cc!": ["-O2", "-fno-exceptions"],
      "cflags_cc": ["-O3", "-march=native", "-std=c++17", "-ffp-contract=fast", "-fno-math-errno"],
      "conditions": [
        ["use_openblas==1", {
          "defines": ["MULTIHOP_OPENBLAS"],
          "libraries": ["-lopenblas"]
        }]
      ]
    }
  ]
}
