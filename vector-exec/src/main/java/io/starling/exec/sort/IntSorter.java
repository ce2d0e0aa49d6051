package io.starling.exec.sort;

/**
 * Stable sort of an {@code int[]} (row ids) by a comparator, without boxing: top-down merge sort with insertion
 * sort below {@link #INSERTION_THRESHOLD} elements (the usual cut-over; TimSort's minimum run is 32).
 */
public final class IntSorter
{
    /** Runs shorter than this are insertion-sorted. */
    static final int INSERTION_THRESHOLD = 24;

    /** Compares two ids. */
    @FunctionalInterface
    public interface IntComparator
    {
        int compare(int a, int b);
    }

    private IntSorter()
    {
    }

    /** Sorts {@code a[0, n)} stably. */
    public static void sort(int[] a, int n, IntComparator cmp)
    {
        if (n < 2) {
            return;
        }
        int[] scratch = a.clone();
        mergeSort(scratch, a, 0, n, cmp);
    }

    /** Sorts {@code src[from, to)} into {@code dst[from, to)}; both hold the same elements on entry. */
    private static void mergeSort(int[] src, int[] dst, int from, int to, IntComparator cmp)
    {
        if (to - from < INSERTION_THRESHOLD) {
            for (int i = from + 1; i < to; i++) {
                int x = dst[i];
                int j = i - 1;
                while (j >= from && cmp.compare(dst[j], x) > 0) {
                    dst[j + 1] = dst[j];
                    j--;
                }
                dst[j + 1] = x;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(dst, src, from, mid, cmp);
        mergeSort(dst, src, mid, to, cmp);
        if (cmp.compare(src[mid - 1], src[mid]) <= 0) {
            System.arraycopy(src, from, dst, from, to - from);
            return;
        }
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && cmp.compare(src[i], src[j]) <= 0)) {
                dst[k] = src[i++];
            }
            else {
                dst[k] = src[j++];
            }
        }
    }
}
