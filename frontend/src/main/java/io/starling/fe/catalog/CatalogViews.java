package io.starling.fe.catalog;

import io.starling.fe.qe.ErrorCode;
import io.starling.fe.qe.SqlError;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The views part of the {@link Catalog}: database -> name -> {@link View}, replaced as a whole on every change
 * (copy-on-write like the tables, so readers never lock). Changed only by the catalog's journal application; the
 * statement-level checks (name clashes with tables, CREATE OR REPLACE / IF NOT EXISTS / ALTER) live here too so the
 * catalog itself only wires them in.
 */
final class CatalogViews
{
    /** MySQL's ER_WRONG_OBJECT, which StarRocks also uses for DROP TABLE of a view and DROP VIEW of a table. */
    static final int WRONG_OBJECT = 1347;

    private volatile Map<String, Map<String, View>> views = Map.of();

    View get(String db, String name)
    {
        Map<String, View> m = views.get(db);
        return m == null ? null : m.get(name);
    }

    List<View> list(String db)
    {
        Map<String, View> m = views.get(db);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    /** Every view (for the catalog image). */
    List<View> all()
    {
        List<View> out = new ArrayList<>();
        for (Map<String, View> m : views.values()) {
            out.addAll(m.values());
        }
        return out;
    }

    void load(List<View> image)
    {
        Map<String, Map<String, View>> next = new TreeMap<>();
        if (image != null) {
            for (View v : image) {
                next.computeIfAbsent(v.database(), k -> new TreeMap<>()).put(v.name(), v);
            }
        }
        install(next);
    }

    void put(View v)
    {
        Map<String, Map<String, View>> next = copy();
        next.computeIfAbsent(v.database(), k -> new TreeMap<>()).put(v.name(), v);
        install(next);
    }

    void remove(String db, String name)
    {
        Map<String, Map<String, View>> next = copy();
        Map<String, View> m = next.get(db);
        if (m != null) {
            m.remove(name);
            install(next);
        }
    }

    void removeDatabase(String db)
    {
        if (views.containsKey(db)) {
            Map<String, Map<String, View>> next = copy();
            next.remove(db);
            install(next);
        }
    }

    /**
     * Whether CREATE/ALTER VIEW may install the view.
     *
     * @return false for IF NOT EXISTS when the name is taken
     * @throws SqlError 1050 name taken (by a table, or by a view without OR REPLACE), 1146 ALTER of a missing view,
     *                  1347 ALTER VIEW of a table
     */
    static boolean mayPut(String db, String name, View existing, boolean tableExists, boolean orReplace,
            boolean ifNotExists, boolean alter) throws SqlError
    {
        if (alter) {
            if (tableExists) {
                throw wrongObject(db, name, "VIEW");
            }
            if (existing == null) {
                throw new SqlError(ErrorCode.NO_SUCH_TABLE, db + "." + name);
            }
            return true;
        }
        if (tableExists || existing != null) {
            if (ifNotExists) {
                return false;
            }
            if (tableExists || !orReplace) {
                throw new SqlError(ErrorCode.TABLE_EXISTS, name);
            }
        }
        return true;
    }

    /** {@code 'db.name' is not VIEW|TABLE} (1347, StarRocks' ERR_WRONG_OBJECT). */
    static SqlError wrongObject(String db, String name, String expected)
    {
        return new SqlError(WRONG_OBJECT, "HY000", "'" + db + "." + name + "' is not " + expected);
    }

    private Map<String, Map<String, View>> copy()
    {
        Map<String, Map<String, View>> next = new TreeMap<>();
        for (var e : views.entrySet()) {
            next.put(e.getKey(), new TreeMap<>(e.getValue()));
        }
        return next;
    }

    private void install(Map<String, Map<String, View>> next)
    {
        Map<String, Map<String, View>> frozen = new TreeMap<>();
        for (var e : next.entrySet()) {
            frozen.put(e.getKey(), Collections.unmodifiableMap(e.getValue()));
        }
        views = Collections.unmodifiableMap(frozen);
    }
}
