package io.yalas.sql;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatementsTest {
    @Test
    void splitsAtSemicolonsOutsideQuotesAndComments() {
        assertEquals(List.of("SELECT 'a;b' FROM events", "SELECT `x;y` FROM alerts", "SELECT 1"),
                Statements.split("SELECT 'a;b' FROM events; -- one; more\nSELECT `x;y` FROM alerts /* ; */;\n SELECT 1;"));
        assertEquals(List.of("SELECT 'it''s; fine'"), Statements.split("SELECT 'it''s; fine';"));
        assertEquals(List.of(), Statements.split("  ;; -- nothing\n"));
    }

    @Test
    void aStatementIsCompleteOnlyAtAnUnquotedSemicolon() {
        assertTrue(Statements.complete("SELECT 1;\n"));
        assertTrue(Statements.complete("SELECT 1; -- done\n"));
        assertFalse(Statements.complete("SELECT 'a;\n"));
        assertFalse(Statements.complete("SELECT 1\n"));
        assertFalse(Statements.complete("SELECT 1; SELECT 2\n"));
        assertFalse(Statements.complete("SELECT 1 /* ;\n"));
    }

    @Test
    void anUnterminatedQuoteIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Statements.split("SELECT 'oops"));
        assertTrue(e.getMessage().contains("unterminated ' quote starting at character 8"), e.getMessage());
    }
}
