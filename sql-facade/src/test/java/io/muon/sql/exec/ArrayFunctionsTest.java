package io.muon.sql.exec;

import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The array functions that ClickHouse 18.16 lacks (arrayFlatten, arrayZip, arrayShuffle, arrayFill, arraySplit and
 * their reverse forms; the others are in the differential corpus), with the results of ClickHouse's documentation
 * examples and per-row arrays of every length.
 */
class ArrayFunctionsTest extends SqlTestBase
{
    @Test
    void flattenAndZip()
    {
        assertEquals("[1,2,3]\t[1,2,3]\t[1,2]\t['a','b','c']\tArray(UInt8)\n", run("SELECT arrayFlatten([[[1]], [[2], " +
            "[3]]]), flatten([[1, 2], [], [3]]), arrayFlatten([1, 2]), arrayFlatten([[['a'], []], [], [['b', 'c']]]), " +
            "toTypeName(arrayFlatten([[[1]]]))"));
        assertEquals("[]\n[]\n[0]\n[0,0,1]\n[0,0,1,0,1,2]\n",
            run("SELECT arrayFlatten(arrayMap(x -> range(x), range(number))) FROM numbers(5)"));
        assertEquals("[('a',5),('b',2),('c',1)]\t[(1,'x',[2])]\t[]\tArray(Tuple(UInt8, String))\n", run("SELECT " +
            "arrayZip(['a', 'b', 'c'], [5, 2, 1]), array_zip([1], ['x'], [[2]]), arrayZip(emptyArrayString(), " +
            "emptyArrayString()), toTypeName(arrayZip([1], ['a']))"));
        assertEquals("[]\n[(0,'0')]\n[(0,'0'),(1,'1')]\n",
            run("SELECT arrayZip(range(number), arrayMap(x -> toString(x), range(number))) FROM numbers(3)"));
        fails("SELECT arrayZip([1, 2], [1])", 190, "different array sizes");
    }

    @Test
    void fillAndSplitWithALambda()
    {
        assertEquals("[1,1,3,11,12,12,12,5,6,14,14,14]\t[1,3,3,11,12,5,5,5,6,14,NULL,NULL]\n", run("SELECT " +
            "arrayFill(x -> not isNull(x), [1, null, 3, 11, 12, null, null, 5, 6, 14, null, null]), " +
            "arrayReverseFill(x -> not isNull(x), [1, null, 3, 11, 12, null, null, 5, 6, 14, null, null])"));
        assertEquals("[[1,2,3],[4,5]]\t[[1],[2,3,4],[5]]\t[]\t[[1],[2]]\t[[1],[2]]\t[[1,2]]\n", run("SELECT " +
            "arraySplit((x, y) -> y, [1, 2, 3, 4, 5], [1, 0, 0, 1, 0]), arrayReverseSplit((x, y) -> y, [1, 2, 3, 4, 5], " +
            "[1, 0, 0, 1, 0]), arraySplit(x -> 1, arrayFilter(x -> 0, [1])), arraySplit(x -> 1, [1, 2]), " +
            "arrayReverseSplit(x -> 1, [1, 2]), array_split(x -> 0, [1, 2])"));
        // the lambda reads an outer column; rows of every length
        assertEquals("[0,1,2,3,4]\t[0]\t[[0,1]]\t[[0],[1]]\n[0,0,2,3,4]\t[1,1]\t[[0,1,2]]\t[[0],[1,2]]\n" +
            "[0,0,0,3,4]\t[1,1,2]\t[[0,1,2],[3]]\t[[0],[1,2,3]]\n[0,0,0,0,4]\t[1,1,3,3]\t[[0,1,2],[3,4]]\t[[0],[1,2,3],[4]]\n",
            run("SELECT arrayFill(x -> x > number, range(5)), arrayReverseFill(x -> x % 2, range(number + 1)), " +
                "arraySplit(x -> x % 3 = 0, range(number + 2)), arrayReverseSplit(x -> x % 3 = 0, range(number + 2)) " +
                "FROM numbers(4)"));
        fails("SELECT arrayFill([1])", 43, "expected a lambda");
    }

    @Test
    void shuffleIsARandomPermutationPerRow()
    {
        assertEquals("Array(UInt8)\t[]\n", run("SELECT toTypeName(arrayShuffle([1])), arrayShuffle(emptyArrayString())"));
        // each row shuffled on its own, never folded to one constant: all 6 orders of 3 elements over 1000 rows, and
        // always the same elements
        assertEquals("6\t1\n", run("SELECT count(DISTINCT arrayShuffle([1, 2, 3])), " +
            "min(arraySort(arrayShuffle(range(number % 20))) = range(number % 20)) FROM numbers(1000)"));
    }
}
