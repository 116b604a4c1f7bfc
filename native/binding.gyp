{
  "variables": {
    "use_openblas%": "<!(node -p \"process.env.MULTIHOP_USE_OPENBLAS === '1' ? 1 : 0\")"
  },
  "targets": [
    {
      "target_name": "multihop_kernels",
      "sources": ["kernels-addon.cc", "simd.cc", "gemm.cc", "conv-im2col.cc", "conv-direct.cc", "pool-reduce.cc", "fused-mlp.cc",
                  "fused-mlp-addon.cc", "gbt-tree.cc", "cart-sort.cc", "trees-addon.cc"],
      "cflags!": ["-O2"],
      "cflags_cc!": ["-O2", "-fno-exceptions"],
      "cflags_cc": ["-O3", "-std=c++17", "-ffp-contract=fast", "-fno-math-errno", "-Wno-psabi"],
      "conditions": [
        ["target_arch=='x64'", {
          "cflags_cc": ["-march=x86-64", "-mtune=generic"]
        }],
        ["use_openblas==1", {
          "defines": ["MULTIHOP_OPENBLAS"],
          "libraries": ["-lopenblas"]
        }]
      ]
    }
  ]
}
