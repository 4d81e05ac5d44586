/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The grammar of tpc's IR text (docs/ir.md): a list of statements, one per
 * line. Structure comes from order, like an assembler's: a 'variant',
 * 'read' or 'selector' belongs to the last 'hook', a 'pred' or 'action' to
 * the last 'selector'. The actions call compiler/ir_read.c, which builds the
 * IR in the arena and reports semantic errors at the offending token. After
 * a syntax error the parser skips to the end of the line and goes on, so
 * every bad line is reported.
 */
%define api.pure full
%define api.prefix {ir_yy}
%define parse.error detailed
%locations
%param {void *scanner}
%parse-param {struct irp *p}

%code requires {
#include "ir_read.h"
}

%code {
#define YYSTYPE IR_YYSTYPE
#define YYLTYPE IR_YYLTYPE
#include "grammar/ir.lex.h"

static void ir_yyerror(IR_YYLTYPE *l, void *scanner, struct irp *p, const char *msg)
{
	int len = l->last_line == l->first_line ? l->last_column - l->first_column : 1;

	diag_error(p->ctx, irp_loc(p, l->first_line, l->first_column, len > 0 ? len : 1), "%s", msg);
}

#define AT(l) irp_loc(p, (l).first_line, (l).first_column, \
		      (l).last_line == (l).first_line && (l).last_column > (l).first_column ? \
		      (l).last_column - (l).first_column : 1)
}

%union {
	struct irp_str str;
	struct irp_int num;
	struct loc loc;
	const char *word;
	bool flag;
}

%token NL "end of line"
%token <str> STRING "string"
%token <num> INT "integer"
%token <loc> LOC "location (@line:col)"
%token <word> WORD "identifier"
%token POLICY "policy" KIND "kind" NAMESPACE "namespace" SOURCE "source" SOURCE_BASE "source_base"
%token SHA256 "sha256" HOOK "hook" NAME "name" SYSCALL "syscall" OPTIONAL "optional" ENFORCER "enforcer" MESSAGE "message" TAG "tag" UPROBE_PATH "uprobe_path"
%token REF_CTR_OFFSET "ref_ctr_offset"
%token EVENT_SIZE "event_size" VARIANT "variant" SRC "src" TARGET "target" SECTION "section"
%token PROG "prog" SUFFIX "suffix" READ "read" ARG "arg" TYPE "type" EXTRACT "extract"
%token FIELD "field" BYTES "bytes" SIZEARG "sizearg" RESOLVE "resolve" REGISTER "register"
%token WIDTH "width" SIGNED "signed" UNSIGNED "unsigned" OFFSET "offset" SIZE "size" LABEL "label"
%token SELECTOR "selector" POST "post" NOPOST "nopost" BITS "bits" PRED "pred" SHAPE "shape"
%token VALUES "values" STRS "strs" ACTION "action" EXIT "exit" RETURN "return" PENDING "pending"
%token RETREAD "retread" RETPRED "retpred" PROC "proc" FLAGS "flags" MODE "mode" LOADER "loader" RATELIMIT "ratelimit"
%token STACKSLOT "stackslot" STACKTRACE "stacktrace" IMASLOT "imaslot" IMAHASH "imahash"

%type <flag> sign post pred_kw
%type <str> string

%%

file:
	  lines			{ irp_finish(p, AT(@$)); }
	;

lines:
	  %empty
	| lines line
	;

line:
	  NL
	| stmt NL
	| error NL		{ yyerrok; }
	;

string:
	  STRING
	;

stmt:
	  POLICY string		{ irp_header(p, IRP_POLICY, $2, AT(@1)); }
	| KIND string		{ irp_header(p, IRP_KIND, $2, AT(@1)); }
	| NAMESPACE string	{ irp_header(p, IRP_NAMESPACE, $2, AT(@1)); }
	| SOURCE string		{ irp_header(p, IRP_SOURCE, $2, AT(@1)); }
	| SOURCE_BASE string	{ irp_header(p, IRP_SOURCE_BASE, $2, AT(@1)); }
	| SHA256 string		{ irp_header(p, IRP_SHA256, $2, AT(@1)); }
	| MODE string		{ irp_header(p, IRP_MODE, $2, AT(@1)); }
	| LOADER string		{ irp_header(p, IRP_LOADER, $2, AT(@1)); }
	| HOOK INT WORD string LOC
				{ irp_hook(p, $2, $3, AT(@3), $4, $5, AT(@1)); }
	| NAME string		{ irp_hook_str(p, IRP_NAME, $2, AT(@1)); }
	| SYSCALL WORD		{ irp_hook_syscall(p, $2, AT(@2)); }
	| OPTIONAL WORD		{ irp_hook_optional(p, $2, AT(@2)); }
	| ENFORCER WORD		{ irp_hook_enforcer(p, $2, AT(@2)); }
	| MESSAGE string	{ irp_hook_str(p, IRP_MESSAGE, $2, AT(@1)); }
	| TAG string		{ irp_hook_str(p, IRP_TAG, $2, AT(@1)); }
	| UPROBE_PATH string		{ irp_hook_str(p, IRP_PATH, $2, AT(@1)); }
	| REF_CTR_OFFSET INT	{ irp_hook_ref_ctr_offset(p, $2, AT(@1)); }
	| EVENT_SIZE INT	{ irp_hook_event_size(p, $2, AT(@1)); }
	| STACKSLOT OFFSET INT	{ irp_stackslot(p, $3, AT(@1)); }
	| IMASLOT OFFSET INT	{ irp_imaslot(p, $3, AT(@1)); }
	| VARIANT WORD SRC WORD TARGET string SECTION string PROG string SUFFIX string
				{
					struct irp_str s[4] = { $6, $8, $10, $12 };

					irp_variant(p, $2, AT(@2), $4, AT(@4), s, AT(@1));
				}
	  variant_exit
	| READ INT ARG INT TYPE WORD EXTRACT WORD WIDTH INT sign OFFSET INT SIZE INT LABEL string LOC
				{
					irp_read(p, &$2, $4, $6, AT(@6), $8, AT(@8), $10, $11, $13, $15, $17, $18,
						 AT(@1));
				}
	| RETURN PENDING INT	{ irp_return(p, $3, AT(@1)); }
	| RETURN PENDING INT ACTION WORD
				{ irp_return(p, $3, AT(@1)); irp_return_action(p, $5, AT(@5)); }
	| FIELD OFFSET INT SIZE INT sign
				{ irp_field(p, $3, $5, $6, AT(@1)); }
	| BYTES SIZEARG INT	{ irp_bytes(p, $3, AT(@1)); }
	| BYTES RETURN		{ irp_bytes_return(p, AT(@1)); }
	| RESOLVE string string	{ irp_resolve(p, $2, $3, AT(@1)); }
	| REGISTER string INT	{ irp_register(p, $2, $3, AT(@1)); }
	| RETREAD ARG INT TYPE WORD EXTRACT WORD WIDTH INT sign OFFSET INT SIZE INT LABEL string LOC
				{
					irp_read(p, NULL, $3, $5, AT(@5), $7, AT(@7), $9, $10, $12, $14, $16, $17,
						 AT(@1));
				}
	| SELECTOR INT post BITS INT LOC
				{ irp_selector(p, $2, $3, $5, $6, AT(@1)); }
	| pred_kw WORD READ INT SHAPE WORD
				{ irp_pred_begin(p, $1, $2, AT(@2), $4, $6, AT(@6), AT(@1)); }
	  values strs LOC	{ irp_pred_end(p, $10); }
	| PROC WORD WORD FLAGS INT
				{ irp_proc_begin(p, $2, AT(@2), $3, AT(@3), $5, AT(@1)); }
	  values strs LOC	{ irp_pred_end(p, $9); }
	| RATELIMIT INT WORD LOC
				{ irp_ratelimit(p, $2, $3, AT(@3), $4, AT(@1)); }
	| STACKTRACE WORD LOC	{ irp_stacktrace(p, $2, AT(@2), $3, AT(@1)); }
	| IMAHASH LOC		{ irp_imahash(p, $2, AT(@1)); }
	| ACTION WORD ARG INT LOC
				{ irp_action(p, $2, AT(@2), $4, $5, AT(@1)); }
	| ACTION WORD ARG INT STRS string LOC
				{ irp_action(p, $2, AT(@2), $4, $7, AT(@1)); irp_action_str(p, $6, AT(@5)); }
	;

variant_exit:
	  %empty
	| EXIT WORD SRC WORD TARGET string SECTION string PROG string
				{
					struct irp_str s[3] = { $6, $8, $10 };

					irp_variant_exit(p, $2, AT(@2), $4, AT(@4), s, AT(@1));
				}
	;

pred_kw:
	  PRED			{ $$ = false; }
	| RETPRED		{ $$ = true; }
	;

sign:
	  SIGNED		{ $$ = true; }
	| UNSIGNED		{ $$ = false; }
	;

post:
	  POST			{ $$ = true; }
	| NOPOST		{ $$ = false; }
	;

values:
	  %empty
	| VALUES value_list
	;

value_list:
	  value
	| value_list value
	;

value:
	  INT			{ irp_pred_value(p, $1); }
	| INT ':' INT		{ irp_pred_value(p, $1); irp_pred_value(p, $3); }
	;

strs:
	  %empty
	| STRS str_list
	;

str_list:
	  string		{ irp_pred_str(p, $1); }
	| str_list string	{ irp_pred_str(p, $2); }
	;

%%
