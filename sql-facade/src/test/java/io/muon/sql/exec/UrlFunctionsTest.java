package io.muon.sql.exec;

import io.muon.sql.testing.SqlTestBase;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** ClickHouse's URL functions, with the results of its URL tests for odd inputs. */
class UrlFunctionsTest extends SqlTestBase
{
    @Test
    void protocolHostAndDomains()
    {
        // tests/queries/0_stateless/00398_url_functions.reference
        assertEquals("http\thttps\tsvn+ssh\t\thttp\t\t\n", run("SELECT protocol('http://example.com'), " +
            "protocol('https://example.com/'), protocol('svn+ssh://example.com?q=hello%20world'), " +
            "protocol('ftp!://example.com/'), protocol('http://127.0.0.1:443/'), protocol('//127.0.0.1:443/'), protocol('')"));
        assertEquals("www.example.com\t\twww.example.com\t127.0.0.1\twww.example.com\twww.example.com\t" +
            "www.example.com\texample.com\t\t\n", run("SELECT domain('http://paul@www.example.com:80/'), " +
            "domain('http:/paul/example/com'), domain('http://www.example.com?q=4'), domain('http://127.0.0.1:443/'), " +
            "domain('//www.example.com'), domain('//paul@www.example.com'), domain('www.example.com'), " +
            "domain('example.com'), domain('localhost'), domain('')"));
        assertEquals("example.com\texample.com\n", run("SELECT domain_without_www('//paul@www.example.com'), " +
            "domain_without_www('http://paul@www.example.com:80/')"));
        assertEquals("com\t\tru\t\tcom\tcom\tcom\tрф\t\t\n", run("SELECT top_level_domain('http://paul@www.example.com:80/'), " +
            "top_level_domain('http://127.0.0.1:443/'), top_level_domain('svn+ssh://example.ru?q=hello%20world'), " +
            "top_level_domain('svn+ssh://example.ru.?q=hello%20world'), top_level_domain('//www.example.com'), " +
            "top_level_domain('www.example.com'), top_level_domain('example.com'), top_level_domain('example.рф'), " +
            "top_level_domain('example.'), top_level_domain('example')"));
        assertEquals("example.com\texample.com\texample.com\tcom\t\tclickhouse\tclickhouse.com.tr\n",
            run("SELECT cut_to_first_significant_subdomain('http://www.example.com:1234'), " +
                "cut_to_first_significant_subdomain('//paul@www.example.com/a/b/c?a=b#d=f'), " +
                "cut_to_first_significant_subdomain('example.com'), cut_to_first_significant_subdomain('www.com'), " +
                "cut_to_first_significant_subdomain('com'), first_significant_subdomain('https://news.clickhouse.com.tr/'), " +
                "cut_to_first_significant_subdomain('https://news.clickhouse.com.tr/')"));
        assertEquals("8080\t0\t443\t0\n", run("SELECT port('http://a.com:8080/x'), port('http://a.com/x'), " +
            "port('http://a.com/x', 443), port('')"));
    }

    @Test
    void pathsQueryStringsAndFragments()
    {
        assertEquals("П\t%D%9\t/?query=hello world+foo+bar\t\t/a/b/c\t/a/b/c\n",
            run("SELECT decode_url_component('%D0%9F'), decode_url_component('%D%9'), " +
                "decode_url_component(path_full('//127.0.0.1/?query=hello%20world+foo%2Bbar')), path('http://127.0.0.1'), " +
                "path('http://paul@127.0.0.1:443/a/b/c'), path('//paul@127.0.0.1:443/a/b/c')"));
        assertEquals("\t\tquery=hello world+foo+bar\thello%20world%20foo%2Bbar%23a%3Db\t\n",
            run("SELECT query_string('http://127.0.0.1/'), query_string('http://127.0.0.1/?'), " +
                "decode_url_component(query_string('http://127.0.0.1:443/?query=hello%20world+foo%2Bbar')), " +
                "encode_url_component('hello world foo+bar#a=b'), encode_url_component('')"));
        assertEquals("\t\ta=b\n", run("SELECT fragment('http://127.0.0.1/?query=hello'), " +
            "fragment('http://127.0.0.1/?query=hello#'), fragment('//paul@127.0.0.1/?q#a=b')"));
        assertEquals("\tquery=x#a=b\t#a=b\n", run("SELECT query_string_and_fragment('http://127.0.0.1/'), " +
            "query_string_and_fragment('http://paul@127.0.0.1/?query=x#a=b'), " +
            "query_string_and_fragment('//paul@127.0.0.1/#a=b')"));
    }

    @Test
    void cuts()
    {
        assertEquals("http://example.com:1234\thttp://paul@example.com/a/b/c?a=b#d=f\t//paul@example.com/a/b/c?a=b#d=f\n",
            run("SELECT cut_www('http://www.example.com:1234'), cut_www('http://paul@www.example.com/a/b/c?a=b#d=f'), " +
                "cut_www('//paul@www.example.com/a/b/c?a=b#d=f')"));
        assertEquals("http://www.example.com/a/b/c\thttp://www.example.com/a/b/c#d=f\n", run("SELECT " +
            "cut_query_string('http://www.example.com/a/b/c?a=b'), cut_query_string('http://www.example.com/a/b/c?a=b#d=f')"));
        assertEquals("http://www.example.com:1234\thttp://paul@www.example.com/a/b/c?a=b\n", run("SELECT " +
            "cut_fragment('http://www.example.com:1234'), cut_fragment('http://paul@www.example.com/a/b/c?a=b#d=f')"));
        assertEquals("http://www.example.com/a/b/c\t//paul@www.example.com/a/b/c\n", run("SELECT " +
            "cut_query_string_and_fragment('http://www.example.com/a/b/c?a=b#d=f'), " +
            "cut_query_string_and_fragment('//paul@www.example.com/a/b/c#d=f')"));
    }

    @Test
    void parametersAndHierarchy()
    {
        assertEquals("2\t\t\n", run("SELECT extract_url_parameter('http://a.com/?a=1&b=2#c=3', 'b'), " +
            "extract_url_parameter('http://a.com/?a=1&ab=2', 'b'), extract_url_parameter('', 'b')"));
        assertEquals("['a=1','b=2','c=3']\t['a','b','c']\t[]\n", run("SELECT extract_url_parameters(" +
            "'http://a.com/?a=1&b=2#c=3'), extract_url_parameter_names('http://a.com/?a=1&b&c=3'), " +
            "extract_url_parameters('http://a.com/')"));
        assertEquals("['https://example.com/','https://example.com/browse/','https://example.com/browse/CONV-6788']\n",
            run("SELECT url_hierarchy('https://example.com/browse/CONV-6788')"));
        assertEquals("http://bigmir.net/?c=d&e=f#g\thttp://bigmir.net/?a=b&e=f#g\thttp://bigmir.net/?a=b&c=d#g\t" +
            "http://bigmir.net/?a=b&c=d&e=f#g\n", run("SELECT cut_url_parameter('http://bigmir.net/?a=b&c=d&e=f#g', 'a'), " +
            "cut_url_parameter('http://bigmir.net/?a=b&c=d&e=f#g', 'c'), cut_url_parameter('http://bigmir.net/?a=b&c=d&e=f#g', 'e'), " +
            "cut_url_parameter('http://bigmir.net/?a=b&c=d&e=f#g', 'x')"));
    }

    @Test
    void urlsOverAStream()
    {
        run("CREATE STREAM u (id uint32, url string, key nullable(string))");
        run("INSERT INTO u (id, url, key) VALUES (1, 'https://www.example.com:8443/a/b?x=1&y=2#top', 'y'), " +
            "(2, 'not a url', 'x'), (3, '//paul@clickhouse.com/docs', NULL)");
        assertEquals("1\thttps\twww.example.com\texample.com\t/a/b\tx=1&y=2\ttop\t8443\t2\n" +
            "2\t\t\t\t\t\t\t0\t\n" +
            "3\t\tclickhouse.com\tclickhouse.com\t/docs\t\t\t0\t\\N\n",
            run("SELECT id, protocol(url), domain(url), domain_without_www(url), path(url), query_string(url), " +
                "fragment(url), port(url), extract_url_parameter(url, key) FROM table(u) ORDER BY id"));
    }
}
