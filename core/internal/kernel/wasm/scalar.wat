;; The kernels of simd128.wat in scalar WebAssembly, for browsers without
;; SIMD128 (the host asks WebAssembly.validate). The same functions, the
;; same operations on every element in the same order, so the same bits;
;; one float at a time. Strips of 8 floats are kept in locals across the
;; loop over terms, which the engine holds in registers.
(module
  (import "env" "mem" (memory 1))

  ;; kind tells Go which module runs: 0 for scalar (1 in simd128.wat).
  (func (export "kind") (result i32) (i32.const 0))

  ;; axpy(a, x, y, n): y[j] += a·x[j] for j < n.
  (func (export "axpy") (param $a f32) (param $x i32) (param $y i32) (param $n i32)
    (local $end i32)
    ;; 4 floats a pass.
    (local.set $end (i32.add (local.get $x)
      (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $pass
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (f32.store offset=0 (local.get $y) (f32.add (f32.load offset=0 (local.get $y))
          (f32.mul (local.get $a) (f32.load offset=0 (local.get $x)))))
        (f32.store offset=4 (local.get $y) (f32.add (f32.load offset=4 (local.get $y))
          (f32.mul (local.get $a) (f32.load offset=4 (local.get $x)))))
        (f32.store offset=8 (local.get $y) (f32.add (f32.load offset=8 (local.get $y))
          (f32.mul (local.get $a) (f32.load offset=8 (local.get $x)))))
        (f32.store offset=12 (local.get $y) (f32.add (f32.load offset=12 (local.get $y))
          (f32.mul (local.get $a) (f32.load offset=12 (local.get $x)))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $pass)))
    ;; The last n mod 4 floats.
    (local.set $end (i32.add (local.get $end)
      (i32.shl (i32.and (local.get $n) (i32.const 3)) (i32.const 2))))
    (block $done
      (loop $pass
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (f32.store (local.get $y) (f32.add (f32.load (local.get $y))
          (f32.mul (local.get $a) (f32.load (local.get $x)))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (br $pass))))

  ;; spstep(y, a, n, w, stride, idx, cnt, val): y[j] += a·g[j] for j < n,
  ;; g[j] = Σ_t val[t]·w[idx[t]·stride + j] summed from +0 in the order of
  ;; t (nothing if cnt = 0): spaxpy with the strip starting at +0 instead of
  ;; y, then one multiply by a and one add of y, as axpy does with g stored.
  (func (export "spstep") (param $y i32) (param $a f32) (param $n i32) (param $w i32) (param $stride i32)
    (param $idx i32) (param $cnt i32) (param $val i32)
    (call $sparse (local.get $y) (local.get $n) (local.get $w) (local.get $stride)
      (local.get $idx) (local.get $cnt) (local.get $val) (i32.const 1) (local.get $a)))

  ;; spaxpy(y, n, w, stride, idx, cnt, val):
  ;; y[j] += Σ_t val[t]·w[idx[t]·stride + j] for j < n, t = 0 .. cnt-1 in
  ;; order, in strips of 8 floats, then single floats.
  (func (export "spaxpy") (param $y i32) (param $n i32) (param $w i32) (param $stride i32)
    (param $idx i32) (param $cnt i32) (param $val i32)
    (call $sparse (local.get $y) (local.get $n) (local.get $w) (local.get $stride)
      (local.get $idx) (local.get $cnt) (local.get $val) (i32.const 0) (f32.const 0)))

  ;; $sparse is spaxpy (step = 0) and spstep (step = 1, the strips start at
  ;; +0 and end as y + a·strip).
  (func $sparse (param $y i32) (param $n i32) (param $w i32) (param $stride i32)
    (param $idx i32) (param $cnt i32) (param $val i32) (param $step i32) (param $a f32)
    (local $sb i32) (local $end i32) (local $p i32) (local $q i32) (local $row i32) (local $v f32)
    (local $y0 f32) (local $y1 f32) (local $y2 f32) (local $y3 f32)
    (local $y4 f32) (local $y5 f32) (local $y6 f32) (local $y7 f32)
    (if (i32.eqz (local.get $cnt)) (then (return)))
    (local.set $sb (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $end (i32.add (local.get $idx) (i32.shl (local.get $cnt) (i32.const 2))))
    ;; Strips of 8 floats.
    (block $done
      (loop $strip
        (br_if $done (i32.lt_u (local.get $n) (i32.const 8)))
        (local.set $y0 (select (f32.const 0) (f32.load offset=0 (local.get $y)) (local.get $step)))
        (local.set $y1 (select (f32.const 0) (f32.load offset=4 (local.get $y)) (local.get $step)))
        (local.set $y2 (select (f32.const 0) (f32.load offset=8 (local.get $y)) (local.get $step)))
        (local.set $y3 (select (f32.const 0) (f32.load offset=12 (local.get $y)) (local.get $step)))
        (local.set $y4 (select (f32.const 0) (f32.load offset=16 (local.get $y)) (local.get $step)))
        (local.set $y5 (select (f32.const 0) (f32.load offset=20 (local.get $y)) (local.get $step)))
        (local.set $y6 (select (f32.const 0) (f32.load offset=24 (local.get $y)) (local.get $step)))
        (local.set $y7 (select (f32.const 0) (f32.load offset=28 (local.get $y)) (local.get $step)))
        (local.set $p (local.get $idx))
        (local.set $q (local.get $val))
        (loop $term
          (local.set $row (i32.add (local.get $w) (i32.mul (i32.load (local.get $p)) (local.get $sb))))
          (local.set $v (f32.load (local.get $q)))
          (local.set $y0 (f32.add (local.get $y0) (f32.mul (local.get $v) (f32.load offset=0 (local.get $row)))))
          (local.set $y1 (f32.add (local.get $y1) (f32.mul (local.get $v) (f32.load offset=4 (local.get $row)))))
          (local.set $y2 (f32.add (local.get $y2) (f32.mul (local.get $v) (f32.load offset=8 (local.get $row)))))
          (local.set $y3 (f32.add (local.get $y3) (f32.mul (local.get $v) (f32.load offset=12 (local.get $row)))))
          (local.set $y4 (f32.add (local.get $y4) (f32.mul (local.get $v) (f32.load offset=16 (local.get $row)))))
          (local.set $y5 (f32.add (local.get $y5) (f32.mul (local.get $v) (f32.load offset=20 (local.get $row)))))
          (local.set $y6 (f32.add (local.get $y6) (f32.mul (local.get $v) (f32.load offset=24 (local.get $row)))))
          (local.set $y7 (f32.add (local.get $y7) (f32.mul (local.get $v) (f32.load offset=28 (local.get $row)))))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (local.set $q (i32.add (local.get $q) (i32.const 4)))
          (br_if $term (i32.lt_u (local.get $p) (local.get $end))))
        (f32.store offset=0 (local.get $y) (if (result f32) (local.get $step)
          (then (f32.add (f32.load offset=0 (local.get $y)) (f32.mul (local.get $a) (local.get $y0))))
          (else (local.get $y0))))
        (f32.store offset=4 (local.get $y) (if (result f32) (local.get $step)
          (then (f32.add (f32.load offset=4 (local.get $y)) (f32.mul (local.get $a) (local.get $y1))))
          (else (local.get $y1))))
        (f32.store offset=8 (local.get $y) (if (result f32) (local.get $step)
          (then (f32.add (f32.load offset=8 (local.get $y)) (f32.mul (local.get $a) (local.get $y2))))
          (else (local.get $y2))))
        (f32.store offset=12 (local.get $y) (if (result f32) (local.get $step)
          (then (f32.add (f32.load offset=12 (local.get $y)) (f32.mul (local.get $a) (local.get $y3))))
          (else (local.get $y3))))
        (f32.store offset=16 (local.get $y) (if (result f32) (local.get $step)
          (then (f32.add (f32.load offset=16 (local.get $y)) (f32.mul (local.get $a) (local.get $y4))))
          (else (local.get $y4))))
        (f32.store offset=20 (local.get $y) (if (result f32) (local.get $step)
          (then (f32.add (f32.load offset=20 (local.get $y)) (f32.mul (local.get $a) (local.get $y5))))
          (else (local.get $y5))))
        (f32.store offset=24 (local.get $y) (if (result f32) (local.get $step)
          (then (f32.add (f32.load offset=24 (local.get $y)) (f32.mul (local.get $a) (local.get $y6))))
          (else (local.get $y6))))
        (f32.store offset=28 (local.get $y) (if (result f32) (local.get $step)
          (then (f32.add (f32.load offset=28 (local.get $y)) (f32.mul (local.get $a) (local.get $y7))))
          (else (local.get $y7))))
        (local.set $y (i32.add (local.get $y) (i32.const 32)))
        (local.set $w (i32.add (local.get $w) (i32.const 32)))
        (local.set $n (i32.sub (local.get $n) (i32.const 8)))
        (br $strip)))
    ;; The last n < 8 floats, one at a time.
    (block $done
      (loop $strip
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $y0 (select (f32.const 0) (f32.load (local.get $y)) (local.get $step)))
        (local.set $p (local.get $idx))
        (local.set $q (local.get $val))
        (loop $term
          (local.set $row (i32.add (local.get $w) (i32.mul (i32.load (local.get $p)) (local.get $sb))))
          (local.set $y0 (f32.add (local.get $y0) (f32.mul (f32.load (local.get $q)) (f32.load (local.get $row)))))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (local.set $q (i32.add (local.get $q) (i32.const 4)))
          (br_if $term (i32.lt_u (local.get $p) (local.get $end))))
        (f32.store (local.get $y) (if (result f32) (local.get $step)
          (then (f32.add (f32.load (local.get $y)) (f32.mul (local.get $a) (local.get $y0))))
          (else (local.get $y0))))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (local.set $w (i32.add (local.get $w) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $strip))))

  ;; scatteraxpy(y, stride, idx, cnt, val, x, n):
  ;; y[idx[t]·stride + j] += val[t]·x[j] for j < n, t = 0 .. cnt-1 in order,
  ;; in strips of 8 floats of x, then single floats.
  (func (export "scatteraxpy") (param $y i32) (param $stride i32) (param $idx i32) (param $cnt i32)
    (param $val i32) (param $x i32) (param $n i32)
    (local $sb i32) (local $end i32) (local $p i32) (local $q i32) (local $row i32) (local $v f32)
    (local $x0 f32) (local $x1 f32) (local $x2 f32) (local $x3 f32)
    (local $x4 f32) (local $x5 f32) (local $x6 f32) (local $x7 f32)
    (if (i32.eqz (local.get $cnt)) (then (return)))
    (local.set $sb (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $end (i32.add (local.get $idx) (i32.shl (local.get $cnt) (i32.const 2))))
    ;; Strips of 8 floats.
    (block $done
      (loop $strip
        (br_if $done (i32.lt_u (local.get $n) (i32.const 8)))
        (local.set $x0 (f32.load offset=0 (local.get $x)))
        (local.set $x1 (f32.load offset=4 (local.get $x)))
        (local.set $x2 (f32.load offset=8 (local.get $x)))
        (local.set $x3 (f32.load offset=12 (local.get $x)))
        (local.set $x4 (f32.load offset=16 (local.get $x)))
        (local.set $x5 (f32.load offset=20 (local.get $x)))
        (local.set $x6 (f32.load offset=24 (local.get $x)))
        (local.set $x7 (f32.load offset=28 (local.get $x)))
        (local.set $p (local.get $idx))
        (local.set $q (local.get $val))
        (loop $term
          (local.set $row (i32.add (local.get $y) (i32.mul (i32.load (local.get $p)) (local.get $sb))))
          (local.set $v (f32.load (local.get $q)))
          (f32.store offset=0 (local.get $row) (f32.add (f32.load offset=0 (local.get $row)) (f32.mul (local.get $v) (local.get $x0))))
          (f32.store offset=4 (local.get $row) (f32.add (f32.load offset=4 (local.get $row)) (f32.mul (local.get $v) (local.get $x1))))
          (f32.store offset=8 (local.get $row) (f32.add (f32.load offset=8 (local.get $row)) (f32.mul (local.get $v) (local.get $x2))))
          (f32.store offset=12 (local.get $row) (f32.add (f32.load offset=12 (local.get $row)) (f32.mul (local.get $v) (local.get $x3))))
          (f32.store offset=16 (local.get $row) (f32.add (f32.load offset=16 (local.get $row)) (f32.mul (local.get $v) (local.get $x4))))
          (f32.store offset=20 (local.get $row) (f32.add (f32.load offset=20 (local.get $row)) (f32.mul (local.get $v) (local.get $x5))))
          (f32.store offset=24 (local.get $row) (f32.add (f32.load offset=24 (local.get $row)) (f32.mul (local.get $v) (local.get $x6))))
          (f32.store offset=28 (local.get $row) (f32.add (f32.load offset=28 (local.get $row)) (f32.mul (local.get $v) (local.get $x7))))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (local.set $q (i32.add (local.get $q) (i32.const 4)))
          (br_if $term (i32.lt_u (local.get $p) (local.get $end))))
        (local.set $x (i32.add (local.get $x) (i32.const 32)))
        (local.set $y (i32.add (local.get $y) (i32.const 32)))
        (local.set $n (i32.sub (local.get $n) (i32.const 8)))
        (br $strip)))
    ;; The last n < 8 floats, one at a time.
    (block $done
      (loop $strip
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $x0 (f32.load (local.get $x)))
        (local.set $p (local.get $idx))
        (local.set $q (local.get $val))
        (loop $term
          (local.set $row (i32.add (local.get $y) (i32.mul (i32.load (local.get $p)) (local.get $sb))))
          (f32.store (local.get $row) (f32.add (f32.load (local.get $row))
            (f32.mul (f32.load (local.get $q)) (local.get $x0))))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (local.set $q (i32.add (local.get $q) (i32.const 4)))
          (br_if $term (i32.lt_u (local.get $p) (local.get $end))))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $strip))))

  ;; gemm(m, n, k, a, ars, acs, b, ldb, c, ldc):
  ;; C[i·ldc + j] += Σ_t A[i·ars + t·acs]·B[t·ldb + j] for i < m, j < n,
  ;; t = 0 .. k-1 in order (k > 0). C is cut into tiles of 4 rows × 4
  ;; floats kept in 16 locals while the k terms are added, then rows one at
  ;; a time (row1).
  (func (export "gemm") (param $m i32) (param $n i32) (param $k i32) (param $a i32) (param $ars i32)
    (param $acs i32) (param $b i32) (param $ldb i32) (param $c i32) (param $ldc i32)
    (local $j i32) (local $r i32)
    ;; Strides in bytes from here on.
    (local.set $ars (i32.shl (local.get $ars) (i32.const 2)))
    (local.set $acs (i32.shl (local.get $acs) (i32.const 2)))
    (local.set $ldb (i32.shl (local.get $ldb) (i32.const 2)))
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    (block $done
      (loop $rows
        (br_if $done (i32.lt_u (local.get $m) (i32.const 4)))
        ;; Four rows: tiles of 4 columns, then the last n mod 4 columns row by row.
        (local.set $j (i32.const 0))
        (block $cdone
          (loop $cols
            (br_if $cdone (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
            (call $tile4x4 (local.get $k) (local.get $a) (local.get $ars) (local.get $acs)
              (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))) (local.get $ldb)
              (i32.add (local.get $c) (i32.shl (local.get $j) (i32.const 2))) (local.get $ldc))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $cols)))
        (if (i32.lt_u (local.get $j) (local.get $n))
          (then
            (local.set $r (i32.const 0))
            (loop $row
              (call $row1 (i32.sub (local.get $n) (local.get $j)) (local.get $k)
                (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $ars))) (local.get $acs)
                (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))) (local.get $ldb)
                (i32.add (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldc)))
                  (i32.shl (local.get $j) (i32.const 2))))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br_if $row (i32.lt_u (local.get $r) (i32.const 4))))))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $ars) (i32.const 2))))
        (local.set $c (i32.add (local.get $c) (i32.shl (local.get $ldc) (i32.const 2))))
        (local.set $m (i32.sub (local.get $m) (i32.const 4)))
        (br $rows)))
    (block $done
      (loop $rows
        (br_if $done (i32.eqz (local.get $m)))
        (call $row1 (local.get $n) (local.get $k) (local.get $a) (local.get $acs)
          (local.get $b) (local.get $ldb) (local.get $c))
        (local.set $a (i32.add (local.get $a) (local.get $ars)))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (local.set $m (i32.sub (local.get $m) (i32.const 1)))
        (br $rows))))

  ;; tile4x4: C's 4 rows × 4 floats at c (row stride ldc bytes) += the k
  ;; terms A[r·ars + t·acs]·B[t·ldb + j].
  (func $tile4x4 (param $k i32) (param $a i32) (param $ars i32) (param $acs i32)
    (param $b i32) (param $ldb i32) (param $c i32) (param $ldc i32)
    (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $c1 i32) (local $c2 i32) (local $c3 i32)
    (local $v f32) (local $b0 f32) (local $b1 f32) (local $b2 f32) (local $b3 f32)
    (local $c00 f32) (local $c01 f32) (local $c02 f32) (local $c03 f32) (local $c10 f32) (local $c11 f32) (local $c12 f32) (local $c13 f32) (local $c20 f32) (local $c21 f32) (local $c22 f32) (local $c23 f32) (local $c30 f32) (local $c31 f32) (local $c32 f32) (local $c33 f32)
    (local.set $a1 (i32.add (local.get $a) (local.get $ars)))
    (local.set $a2 (i32.add (local.get $a1) (local.get $ars)))
    (local.set $a3 (i32.add (local.get $a2) (local.get $ars)))
    (local.set $c1 (i32.add (local.get $c) (local.get $ldc)))
    (local.set $c2 (i32.add (local.get $c1) (local.get $ldc)))
    (local.set $c3 (i32.add (local.get $c2) (local.get $ldc)))
    (local.set $c00 (f32.load offset=0 (local.get $c)))
    (local.set $c01 (f32.load offset=4 (local.get $c)))
    (local.set $c02 (f32.load offset=8 (local.get $c)))
    (local.set $c03 (f32.load offset=12 (local.get $c)))
    (local.set $c10 (f32.load offset=0 (local.get $c1)))
    (local.set $c11 (f32.load offset=4 (local.get $c1)))
    (local.set $c12 (f32.load offset=8 (local.get $c1)))
    (local.set $c13 (f32.load offset=12 (local.get $c1)))
    (local.set $c20 (f32.load offset=0 (local.get $c2)))
    (local.set $c21 (f32.load offset=4 (local.get $c2)))
    (local.set $c22 (f32.load offset=8 (local.get $c2)))
    (local.set $c23 (f32.load offset=12 (local.get $c2)))
    (local.set $c30 (f32.load offset=0 (local.get $c3)))
    (local.set $c31 (f32.load offset=4 (local.get $c3)))
    (local.set $c32 (f32.load offset=8 (local.get $c3)))
    (local.set $c33 (f32.load offset=12 (local.get $c3)))
    (loop $term
      (local.set $b0 (f32.load offset=0 (local.get $b)))
      (local.set $b1 (f32.load offset=4 (local.get $b)))
      (local.set $b2 (f32.load offset=8 (local.get $b)))
      (local.set $b3 (f32.load offset=12 (local.get $b)))
      (local.set $v (f32.load (local.get $a)))
      (local.set $c00 (f32.add (local.get $c00) (f32.mul (local.get $v) (local.get $b0))))
      (local.set $c01 (f32.add (local.get $c01) (f32.mul (local.get $v) (local.get $b1))))
      (local.set $c02 (f32.add (local.get $c02) (f32.mul (local.get $v) (local.get $b2))))
      (local.set $c03 (f32.add (local.get $c03) (f32.mul (local.get $v) (local.get $b3))))
      (local.set $v (f32.load (local.get $a1)))
      (local.set $c10 (f32.add (local.get $c10) (f32.mul (local.get $v) (local.get $b0))))
      (local.set $c11 (f32.add (local.get $c11) (f32.mul (local.get $v) (local.get $b1))))
      (local.set $c12 (f32.add (local.get $c12) (f32.mul (local.get $v) (local.get $b2))))
      (local.set $c13 (f32.add (local.get $c13) (f32.mul (local.get $v) (local.get $b3))))
      (local.set $v (f32.load (local.get $a2)))
      (local.set $c20 (f32.add (local.get $c20) (f32.mul (local.get $v) (local.get $b0))))
      (local.set $c21 (f32.add (local.get $c21) (f32.mul (local.get $v) (local.get $b1))))
      (local.set $c22 (f32.add (local.get $c22) (f32.mul (local.get $v) (local.get $b2))))
      (local.set $c23 (f32.add (local.get $c23) (f32.mul (local.get $v) (local.get $b3))))
      (local.set $v (f32.load (local.get $a3)))
      (local.set $c30 (f32.add (local.get $c30) (f32.mul (local.get $v) (local.get $b0))))
      (local.set $c31 (f32.add (local.get $c31) (f32.mul (local.get $v) (local.get $b1))))
      (local.set $c32 (f32.add (local.get $c32) (f32.mul (local.get $v) (local.get $b2))))
      (local.set $c33 (f32.add (local.get $c33) (f32.mul (local.get $v) (local.get $b3))))
      (local.set $a (i32.add (local.get $a) (local.get $acs)))
      (local.set $a1 (i32.add (local.get $a1) (local.get $acs)))
      (local.set $a2 (i32.add (local.get $a2) (local.get $acs)))
      (local.set $a3 (i32.add (local.get $a3) (local.get $acs)))
      (local.set $b (i32.add (local.get $b) (local.get $ldb)))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (br_if $term (local.get $k)))
    (f32.store offset=0 (local.get $c) (local.get $c00))
    (f32.store offset=4 (local.get $c) (local.get $c01))
    (f32.store offset=8 (local.get $c) (local.get $c02))
    (f32.store offset=12 (local.get $c) (local.get $c03))
    (f32.store offset=0 (local.get $c1) (local.get $c10))
    (f32.store offset=4 (local.get $c1) (local.get $c11))
    (f32.store offset=8 (local.get $c1) (local.get $c12))
    (f32.store offset=12 (local.get $c1) (local.get $c13))
    (f32.store offset=0 (local.get $c2) (local.get $c20))
    (f32.store offset=4 (local.get $c2) (local.get $c21))
    (f32.store offset=8 (local.get $c2) (local.get $c22))
    (f32.store offset=12 (local.get $c2) (local.get $c23))
    (f32.store offset=0 (local.get $c3) (local.get $c30))
    (f32.store offset=4 (local.get $c3) (local.get $c31))
    (f32.store offset=8 (local.get $c3) (local.get $c32))
    (f32.store offset=12 (local.get $c3) (local.get $c33)))

  ;; row1: one row of C at c, all n columns: 4 floats at a time, then one.
  (func $row1 (param $n i32) (param $k i32) (param $a i32) (param $acs i32)
    (param $b i32) (param $ldb i32) (param $c i32)
    (local $t i32) (local $p i32) (local $q i32) (local $v f32)
    (local $c0 f32) (local $c1 f32) (local $c2 f32) (local $c3 f32)
    (block $done
      (loop $cols
        (br_if $done (i32.lt_u (local.get $n) (i32.const 4)))
        (local.set $c0 (f32.load offset=0 (local.get $c)))
        (local.set $c1 (f32.load offset=4 (local.get $c)))
        (local.set $c2 (f32.load offset=8 (local.get $c)))
        (local.set $c3 (f32.load offset=12 (local.get $c)))
        (local.set $p (local.get $a))
        (local.set $q (local.get $b))
        (local.set $t (local.get $k))
        (loop $term
          (local.set $v (f32.load (local.get $p)))
          (local.set $c0 (f32.add (local.get $c0) (f32.mul (local.get $v) (f32.load offset=0 (local.get $q)))))
          (local.set $c1 (f32.add (local.get $c1) (f32.mul (local.get $v) (f32.load offset=4 (local.get $q)))))
          (local.set $c2 (f32.add (local.get $c2) (f32.mul (local.get $v) (f32.load offset=8 (local.get $q)))))
          (local.set $c3 (f32.add (local.get $c3) (f32.mul (local.get $v) (f32.load offset=12 (local.get $q)))))
          (local.set $p (i32.add (local.get $p) (local.get $acs)))
          (local.set $q (i32.add (local.get $q) (local.get $ldb)))
          (local.set $t (i32.sub (local.get $t) (i32.const 1)))
          (br_if $term (local.get $t)))
        (f32.store offset=0 (local.get $c) (local.get $c0))
        (f32.store offset=4 (local.get $c) (local.get $c1))
        (f32.store offset=8 (local.get $c) (local.get $c2))
        (f32.store offset=12 (local.get $c) (local.get $c3))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (local.set $n (i32.sub (local.get $n) (i32.const 4)))
        (br $cols)))
    (block $done
      (loop $cols
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $c0 (f32.load (local.get $c)))
        (local.set $p (local.get $a))
        (local.set $q (local.get $b))
        (local.set $t (local.get $k))
        (loop $term
          (local.set $c0 (f32.add (local.get $c0) (f32.mul (f32.load (local.get $p)) (f32.load (local.get $q)))))
          (local.set $p (i32.add (local.get $p) (local.get $acs)))
          (local.set $q (i32.add (local.get $q) (local.get $ldb)))
          (local.set $t (i32.sub (local.get $t) (i32.const 1)))
          (br_if $term (local.get $t)))
        (f32.store (local.get $c) (local.get $c0))
        (local.set $b (i32.add (local.get $b) (i32.const 4)))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $cols))))

  ;; nonzeros(idx, val, v, n, off, base) → c: for q < n with v[q] ≠ ±0, in
  ;; order, idx[c] = base + off[q] and val[c] = v[q] (its bits), c++. Every
  ;; entry is written; the cursors advance past the non-zero ones only.
  (func (export "nonzeros") (param $idx i32) (param $val i32) (param $v i32) (param $n i32)
    (param $off i32) (param $base i32) (result i32)
    (local $start i32) (local $end i32) (local $b i32)
    (local.set $start (local.get $idx))
    (local.set $end (i32.add (local.get $v) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $pass
        (br_if $done (i32.ge_u (local.get $v) (local.get $end)))
        (local.set $b (i32.load (local.get $v)))
        (i32.store (local.get $idx) (i32.add (local.get $base) (i32.load (local.get $off))))
        (i32.store (local.get $val) (local.get $b))
        (local.set $b (i32.shl (i32.ne (i32.shl (local.get $b) (i32.const 1)) (i32.const 0)) (i32.const 2)))
        (local.set $idx (i32.add (local.get $idx) (local.get $b)))
        (local.set $val (i32.add (local.get $val) (local.get $b)))
        (local.set $v (i32.add (local.get $v) (i32.const 4)))
        (local.set $off (i32.add (local.get $off) (i32.const 4)))
        (br $pass)))
    (i32.shr_u (i32.sub (local.get $idx) (local.get $start)) (i32.const 2)))

  ;; pixelnonzeros(idx, val, img, n) → c: for k < n with the byte
  ;; img[k] ≠ 0, in order, idx[c] = k and val[c] = f32(img[k]) / 255, c++.
  ;; The conversion of a byte is exact and f32.div rounds correctly, as
  ;; Go's float32(p) / 255 does: the same bits. A blank group of 8 pixels
  ;; (most of an image) is passed over with one 64-bit test, a blank 4 of
  ;; a group that is not with a 32-bit one; in the other 4s every pixel is
  ;; written and the cursor advances past the non-blank ones only. c counts
  ;; bytes of idx (and of val, which advances with it). The last n mod 8
  ;; pixels one at a time, so nothing past img[n-1] is read.
  (func (export "pixelnonzeros") (param $idx i32) (param $val i32) (param $img i32) (param $n i32)
    (result i32)
    (local $c i32) (local $k i32) (local $end i32) (local $stop i32) (local $q i32)
    (local.set $end (i32.and (local.get $n) (i32.const -8)))
    (block $done
      (loop $group
        (br_if $done (i32.ge_u (local.get $k) (local.get $end)))
        (if (i64.eqz (i64.load (i32.add (local.get $img) (local.get $k))))
          (then
            (local.set $k (i32.add (local.get $k) (i32.const 8))))
          (else
            (local.set $stop (i32.add (local.get $k) (i32.const 8)))
            (loop $four
              (block $blank
                (br_if $blank (i32.eqz (i32.load (i32.add (local.get $img) (local.get $k)))))
                (local.set $q (i32.load8_u (i32.add (local.get $img) (local.get $k))))
                (i32.store (i32.add (local.get $idx) (local.get $c)) (local.get $k))
                (f32.store (i32.add (local.get $val) (local.get $c))
                  (f32.div (f32.convert_i32_u (local.get $q)) (f32.const 255)))
                (local.set $c (i32.add (local.get $c) (i32.shl (i32.ne (local.get $q) (i32.const 0)) (i32.const 2))))
                (local.set $q (i32.load8_u offset=1 (i32.add (local.get $img) (local.get $k))))
                (i32.store (i32.add (local.get $idx) (local.get $c)) (i32.add (local.get $k) (i32.const 1)))
                (f32.store (i32.add (local.get $val) (local.get $c))
                  (f32.div (f32.convert_i32_u (local.get $q)) (f32.const 255)))
                (local.set $c (i32.add (local.get $c) (i32.shl (i32.ne (local.get $q) (i32.const 0)) (i32.const 2))))
                (local.set $q (i32.load8_u offset=2 (i32.add (local.get $img) (local.get $k))))
                (i32.store (i32.add (local.get $idx) (local.get $c)) (i32.add (local.get $k) (i32.const 2)))
                (f32.store (i32.add (local.get $val) (local.get $c))
                  (f32.div (f32.convert_i32_u (local.get $q)) (f32.const 255)))
                (local.set $c (i32.add (local.get $c) (i32.shl (i32.ne (local.get $q) (i32.const 0)) (i32.const 2))))
                (local.set $q (i32.load8_u offset=3 (i32.add (local.get $img) (local.get $k))))
                (i32.store (i32.add (local.get $idx) (local.get $c)) (i32.add (local.get $k) (i32.const 3)))
                (f32.store (i32.add (local.get $val) (local.get $c))
                  (f32.div (f32.convert_i32_u (local.get $q)) (f32.const 255)))
                (local.set $c (i32.add (local.get $c) (i32.shl (i32.ne (local.get $q) (i32.const 0)) (i32.const 2)))))
              (local.set $k (i32.add (local.get $k) (i32.const 4)))
              (br_if $four (i32.lt_u (local.get $k) (local.get $stop))))))
        (br $group)))
    (block $done
      (loop $one
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $q (i32.load8_u (i32.add (local.get $img) (local.get $k))))
        (i32.store (i32.add (local.get $idx) (local.get $c)) (local.get $k))
        (f32.store (i32.add (local.get $val) (local.get $c))
          (f32.div (f32.convert_i32_u (local.get $q)) (f32.const 255)))
        (local.set $c (i32.add (local.get $c) (i32.shl (i32.ne (local.get $q) (i32.const 0)) (i32.const 2))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $one)))
    (i32.shr_u (local.get $c) (i32.const 2)))

  ;; relu(z, n): z[j] = +0 where the sign bit of z[j] is set, z[j]
  ;; unchanged elsewhere, for j < n: a bit operation (the sign spread over
  ;; the word by an arithmetic shift, inverted, clears it all), so NaN, -0
  ;; and -Inf get the bits of Go's ReluGo.
  (func (export "relu") (param $z i32) (param $n i32)
    (local $end i32) (local $b i32)
    (local.set $end (i32.add (local.get $z) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $pass
        (br_if $done (i32.ge_u (local.get $z) (local.get $end)))
        (local.set $b (i32.load (local.get $z)))
        (i32.store (local.get $z) (i32.and (local.get $b)
          (i32.xor (i32.shr_s (local.get $b) (i32.const 31)) (i32.const -1))))
        (local.set $z (i32.add (local.get $z) (i32.const 4)))
        (br $pass))))

  ;; maskpositive(da, a, n): da[j] = +0 where a[j] is ±0 (its bits
  ;; shifted left by one, dropping the sign, are 0), da[j]'s bits unchanged
  ;; elsewhere, for j < n, as Go's MaskPositiveGo.
  (func (export "maskpositive") (param $da i32) (param $a i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $da) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $pass
        (br_if $done (i32.ge_u (local.get $da) (local.get $end)))
        (i32.store (local.get $da) (select (i32.load (local.get $da)) (i32.const 0)
          (i32.shl (i32.load (local.get $a)) (i32.const 1))))
        (local.set $da (i32.add (local.get $da) (i32.const 4)))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $pass))))

  ;; addpatches(y, base, cnt, off, rows, n, x): for p < cnt, r < rows in
  ;; order, y[base[p] + off[r] + j] += x[(p·rows + r)·n + j] for j < n
  ;; (cnt, rows, n > 0), one float at a time.
  (func (export "addpatches") (param $y i32) (param $base i32) (param $cnt i32) (param $off i32)
    (param $rows i32) (param $n i32) (param $x i32)
    (local $bend i32) (local $oend i32) (local $o i32) (local $p i32) (local $dst i32) (local $end i32)
    (local.set $bend (i32.add (local.get $base) (i32.shl (local.get $cnt) (i32.const 2))))
    (local.set $oend (i32.add (local.get $off) (i32.shl (local.get $rows) (i32.const 2))))
    (loop $patch
      (local.set $p (i32.add (local.get $y) (i32.shl (i32.load (local.get $base)) (i32.const 2))))
      (local.set $o (local.get $off))
      (loop $row
        (local.set $dst (i32.add (local.get $p) (i32.shl (i32.load (local.get $o)) (i32.const 2))))
        (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
        (loop $one
          (f32.store (local.get $dst) (f32.add (f32.load (local.get $dst)) (f32.load (local.get $x))))
          (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
          (local.set $x (i32.add (local.get $x) (i32.const 4)))
          (br_if $one (i32.lt_u (local.get $x) (local.get $end))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br_if $row (i32.lt_u (local.get $o) (local.get $oend))))
      (local.set $base (i32.add (local.get $base) (i32.const 4)))
      (br_if $patch (i32.lt_u (local.get $base) (local.get $bend)))))

  ;; maxpool2(z, arg, a, planes, h, w, relu): 2×2 max pooling, stride 2,
  ;; of planes of h×w floats at a into planes of (h/2)×(w/2) at z, and
  ;; at arg the index in a of each window's largest value: the larger of
  ;; each row's pair (the first if equal), then the larger of the two rows'
  ;; (the top one if equal), as Go's max2. With relu ≠ 0, z gets ReLU of
  ;; it and arg -1 where it is not positive. Comparisons and selections
  ;; only: the values are moved, not computed.
  ;; One window at a time (window1).
  (func (export "maxpool2") (param $z i32) (param $arg i32) (param $a i32) (param $planes i32)
    (param $h i32) (param $w i32) (param $relu i32)
    (local $ow i32) (local $oh i32) (local $wb i32) (local $c i32) (local $y i32) (local $x i32)
    (local $i i32) (local $src i32) (local $zp i32) (local $ap i32)
    (local.set $ow (i32.shr_u (local.get $w) (i32.const 1)))
    (local.set $oh (i32.shr_u (local.get $h) (i32.const 1)))
    (local.set $wb (i32.shl (local.get $w) (i32.const 2)))
    (local.set $zp (local.get $z))
    (local.set $ap (local.get $arg))
    (local.set $c (i32.const 0))
    (block $planesdone
      (loop $plane
        (br_if $planesdone (i32.ge_u (local.get $c) (local.get $planes)))
        (local.set $y (i32.const 0))
        (block $rowsdone
          (loop $row
            (br_if $rowsdone (i32.ge_u (local.get $y) (local.get $oh)))
            ;; i: the element of a where window (y, 0) starts.
            (local.set $i (i32.mul (i32.add (i32.mul (local.get $c) (local.get $h))
              (i32.shl (local.get $y) (i32.const 1))) (local.get $w)))
            (local.set $src (i32.add (local.get $a) (i32.shl (local.get $i) (i32.const 2))))
            (local.set $x (i32.const 0))
            (block $done
              (loop $one
                (br_if $done (i32.ge_u (local.get $x) (local.get $ow)))
                (call $window1 (local.get $src) (local.get $i) (local.get $w) (local.get $wb)
                  (local.get $zp) (local.get $ap) (local.get $relu))
                (local.set $src (i32.add (local.get $src) (i32.const 8)))
                (local.set $i (i32.add (local.get $i) (i32.const 2)))
                (local.set $zp (i32.add (local.get $zp) (i32.const 4)))
                (local.set $ap (i32.add (local.get $ap) (i32.const 4)))
                (local.set $x (i32.add (local.get $x) (i32.const 1)))
                (br $one)))
            (local.set $y (i32.add (local.get $y) (i32.const 1)))
            (br $row)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $plane))))

  ;; window1: one window of maxpool2 at element i (source at src, row
  ;; stride w floats, wb bytes), its output at zp and ap: the larger of
  ;; each row's pair (the first if equal), then the larger of the two (the
  ;; top one if equal).
  (func $window1 (param $src i32) (param $i i32) (param $w i32) (param $wb i32) (param $zp i32)
    (param $ap i32) (param $relu i32)
    (local $s0 f32) (local $s1 f32) (local $t0 f32) (local $t1 f32) (local $m0 f32) (local $m1 f32)
    (local $v f32) (local $j0 i32) (local $j1 i32) (local $jg i32) (local $best i32)
    (local.set $s0 (f32.load (local.get $src)))
    (local.set $s1 (f32.load offset=4 (local.get $src)))
    (local.set $t0 (f32.load (i32.add (local.get $src) (local.get $wb))))
    (local.set $t1 (f32.load offset=4 (i32.add (local.get $src) (local.get $wb))))
    (local.set $j0 (f32.gt (local.get $s1) (local.get $s0)))
    (local.set $m0 (select (local.get $s1) (local.get $s0) (local.get $j0)))
    (local.set $j1 (f32.gt (local.get $t1) (local.get $t0)))
    (local.set $m1 (select (local.get $t1) (local.get $t0) (local.get $j1)))
    (local.set $jg (f32.gt (local.get $m1) (local.get $m0)))
    (local.set $v (select (local.get $m1) (local.get $m0) (local.get $jg)))
    (local.set $best (i32.add (local.get $i)
      (select (i32.add (local.get $w) (local.get $j1)) (local.get $j0) (local.get $jg))))
    (if (local.get $relu)
      (then
        (f32.store (local.get $zp)
          (select (f32.const 0) (local.get $v) (f32.lt (local.get $v) (f32.const 0))))
        (i32.store (local.get $ap)
          (select (local.get $best) (i32.const -1) (f32.gt (local.get $v) (f32.const 0)))))
      (else
        (f32.store (local.get $zp) (local.get $v))
        (i32.store (local.get $ap) (local.get $best)))))

  ;; gatherpatches(dst, src, base, cnt, off, rows, n): for p < cnt, r < rows
  ;; in order, dst[(p·rows + r)·n + j] = src[base[p] + off[r] + j] for
  ;; j < n (cnt, rows, n > 0), one float at a time, bits moved as
  ;; they are.
  (func (export "gatherpatches") (param $dst i32) (param $src i32) (param $base i32) (param $cnt i32)
    (param $off i32) (param $rows i32) (param $n i32)
    (local $bend i32) (local $oend i32) (local $o i32) (local $p i32) (local $from i32) (local $end i32)
    (local $tail i32)
    (local.set $bend (i32.add (local.get $base) (i32.shl (local.get $cnt) (i32.const 2))))
    (local.set $oend (i32.add (local.get $off) (i32.shl (local.get $rows) (i32.const 2))))
    (loop $patch
      (local.set $p (i32.add (local.get $src) (i32.shl (i32.load (local.get $base)) (i32.const 2))))
      (local.set $o (local.get $off))
      (loop $row
        (local.set $from (i32.add (local.get $p) (i32.shl (i32.load (local.get $o)) (i32.const 2))))
        (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
        (block $done
          (loop $one
            (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
            (i32.store (local.get $dst) (i32.load (local.get $from)))
            (local.set $from (i32.add (local.get $from) (i32.const 4)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
            (br $one)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br_if $row (i32.lt_u (local.get $o) (local.get $oend))))
      (local.set $base (i32.add (local.get $base) (i32.const 4)))
      (br_if $patch (i32.lt_u (local.get $base) (local.get $bend)))))

  ;; columns(count, rows, vals, stride, i, idx, cnt, val): sample i's
  ;; non-zero pixels appended to the columns of a column view: for t < cnt
  ;; in order, with k = idx[t] and p = k·stride + count[k],
  ;; rows[p] = i, vals[p] = val[t] (its bits), count[k] += 1.
  (func (export "columns") (param $count i32) (param $rows i32) (param $vals i32) (param $stride i32)
    (param $i i32) (param $idx i32) (param $cnt i32) (param $val i32)
    (local $end i32) (local $k i32) (local $c i32) (local $p i32)
    (local.set $end (i32.add (local.get $idx) (i32.shl (local.get $cnt) (i32.const 2))))
    (block $done
      (loop $entry
        (br_if $done (i32.ge_u (local.get $idx) (local.get $end)))
        (local.set $k (i32.load (local.get $idx)))
        (local.set $c (i32.load (i32.add (local.get $count) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $p (i32.shl (i32.add (i32.mul (local.get $k) (local.get $stride)) (local.get $c)) (i32.const 2)))
        (i32.store (i32.add (local.get $rows) (local.get $p)) (local.get $i))
        (i32.store (i32.add (local.get $vals) (local.get $p)) (i32.load (local.get $val)))
        (i32.store (i32.add (local.get $count) (i32.shl (local.get $k) (i32.const 2))) (i32.add (local.get $c) (i32.const 1)))
        (local.set $idx (i32.add (local.get $idx) (i32.const 4)))
        (local.set $val (i32.add (local.get $val) (i32.const 4)))
        (br $entry))))
)
