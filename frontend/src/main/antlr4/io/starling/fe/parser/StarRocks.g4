/*
 * Starling's SQL grammar: the StarRocks dialect (MySQL lexing rules), queries and DDL/utility statements alike.
 * Written from the StarRocks and MySQL SQL references, not from their grammar files.
 *
 * Shape rules that other code relies on:
 *  - every statement kind is its own rule named xxxStatement, listed in `statement`;
 *  - rule and label names are stable: the meta helper's visitor (DDL/SHOW/SET/...) and the query planner's
 *    visitor (queryStatement and below) are written against them;
 *  - keywords are case-insensitive; most are non-reserved (see `nonReserved`) and usable as identifiers;
 *  - comments (--, #, slash-star) and optimizer hints (slash-star-plus) go to the hidden channel.
 */
grammar StarRocks;

options { caseInsensitive = true; }

// ============================================================================================ statements

sqlStatements
    : SEMICOLON* statement (SEMICOLON+ statement)* SEMICOLON* EOF
    ;

/** Entry for exactly one statement (used by tests and tools). */
singleStatement
    : statement SEMICOLON* EOF
    ;

statement
    : queryStatement
    | explainStatement
    | insertStatement
    | updateStatement
    | deleteStatement
    // database / table / view DDL
    | createDatabaseStatement
    | dropDatabaseStatement
    | useStatement
    | createTableStatement
    | createTableAsSelectStatement
    | createTableLikeStatement
    | dropTableStatement
    | truncateTableStatement
    | alterTableStatement
    | createIndexStatement
    | dropIndexStatement
    | createViewStatement
    | alterViewStatement
    | dropViewStatement
    | describeStatement
    // SHOW
    | showDatabasesStatement
    | showTablesStatement
    | showColumnsStatement
    | showCreateTableStatement
    | showCreateDatabaseStatement
    | showIndexStatement
    | showTableStatusStatement
    | showVariablesStatement
    | showStatusStatement
    | showCollationStatement
    | showCharsetStatement
    | showEnginesStatement
    | showPluginsStatement
    | showPrivilegesStatement
    | showGrantsStatement
    | showWarningsStatement
    | showErrorsStatement
    | showProcesslistStatement
    | showPartitionsStatement
    | showTabletStatement
    | showProcStatement
    | showLoadStatement
    | showDataStatement
    | showUsersStatement
    | showRolesStatement
    | showFrontendsStatement
    | showBackendsStatement
    | showComputeNodesStatement
    | showCatalogsStatement
    | showTransactionStatement
    // session / transactions / users
    | setStatement
    | killStatement
    | beginStatement
    | commitStatement
    | rollbackStatement
    | createUserStatement
    | dropUserStatement
    | alterUserStatement
    | grantStatement
    | revokeStatement
    | analyzeStatement
    | dropStatsStatement
    | showStatsMetaStatement
    | showColumnStatsStatement
    | showAnalyzeStatusStatement
    | showProfilelistStatement
    | analyzeProfileStatement
    | adminStatement
    | alterSystemStatement
    ;

// ============================================================================================ query

queryStatement
    : withClause? queryNoWith
    ;

withClause
    : WITH RECURSIVE? commonTableExpression (COMMA commonTableExpression)*
    ;

commonTableExpression
    : name=identifier columnAliases? AS LPAREN queryStatement RPAREN
    ;

queryNoWith
    : queryTerm orderByClause? limitClause?
    ;

// INTERSECT binds tighter than UNION / EXCEPT (SQL standard, StarRocks).
queryTerm
    : queryPrimary                                                                        #queryTermDefault
    | left=queryTerm operator=INTERSECT setQuantifier? right=queryTerm                    #setOperation
    | left=queryTerm operator=(UNION | EXCEPT | MINUS) setQuantifier? right=queryTerm     #setOperation
    ;

queryPrimary
    : querySpecification                                                                  #queryPrimaryDefault
    | LPAREN queryStatement RPAREN                                                        #parenthesizedQuery
    ;

querySpecification
    : SELECT setQuantifier? selectItem (COMMA selectItem)*
      fromClause?
      whereClause?
      groupByClause?
      havingClause?
    ;

setQuantifier
    : DISTINCT
    | ALL
    ;

selectItem
    : expression (AS? alias=identifierOrString)?                                          #selectSingle
    | (qualifiedName DOT)? ASTERISK                                                       #selectAll
    ;

fromClause
    : FROM DUAL                                                                           #dualFrom
    | FROM relation (COMMA relation)*                                                     #relationsFrom
    ;

whereClause
    : WHERE expression
    ;

havingClause
    : HAVING expression
    ;

groupByClause
    : GROUP BY groupingElement (COMMA groupingElement)*
    ;

groupingElement
    : ROLLUP LPAREN expressionList? RPAREN                                                #rollup
    | CUBE LPAREN expressionList? RPAREN                                                  #cube
    | GROUPING SETS LPAREN groupingSet (COMMA groupingSet)* RPAREN                        #groupingSets
    | expression                                                                          #singleGroupingElement
    ;

groupingSet
    : LPAREN expressionList? RPAREN
    | expression
    ;

orderByClause
    : ORDER BY sortItem (COMMA sortItem)*
    ;

sortItem
    : expression ordering=(ASC | DESC)? (NULLS nullOrdering=(FIRST | LAST))?
    ;

limitClause
    : LIMIT limit=INTEGER_VALUE (OFFSET offset=INTEGER_VALUE)?
    | LIMIT offset=INTEGER_VALUE COMMA limit=INTEGER_VALUE
    ;

// ---- relations (FROM)

relation
    : relationPrimary joinPart*
    ;

joinPart
    : joinType joinHint? relationPrimary joinCriteria?
    ;

joinType
    : INNER? JOIN                                                                         #innerJoin
    | CROSS JOIN                                                                          #crossJoin
    | LEFT OUTER? JOIN                                                                    #leftOuterJoin
    | RIGHT OUTER? JOIN                                                                   #rightOuterJoin
    | FULL OUTER? JOIN                                                                    #fullOuterJoin
    | LEFT SEMI JOIN                                                                      #leftSemiJoin
    | RIGHT SEMI JOIN                                                                     #rightSemiJoin
    | LEFT ANTI JOIN                                                                      #leftAntiJoin
    | RIGHT ANTI JOIN                                                                     #rightAntiJoin
    ;

/** StarRocks join hints ([broadcast], [shuffle], [bucket], [colocate]); parsed and ignored. */
joinHint
    : LBRACKET identifier RBRACKET
    ;

joinCriteria
    : ON expression                                                                       #joinOn
    | USING LPAREN identifier (COMMA identifier)* RPAREN                                  #joinUsing
    ;

relationPrimary
    : qualifiedName partitionNames? (AS? alias=identifier)?                               #tableRelation
    | LPAREN queryStatement RPAREN AS? alias=identifier columnAliases?                    #subqueryRelation
    | LPAREN relation (COMMA relation)* RPAREN                                            #parenthesizedRelation
    ;

columnAliases
    : LPAREN identifier (COMMA identifier)* RPAREN
    ;

partitionNames
    : TEMPORARY? (PARTITION | PARTITIONS) LPAREN identifier (COMMA identifier)* RPAREN
    | TEMPORARY? PARTITION identifier
    ;

// ============================================================================================ expressions

expressionList
    : expression (COMMA expression)*
    ;

// MySQL precedence, loosest last: OR (||) < XOR < AND (&&) < NOT < predicates.
expression
    : NOT expression                                                                      #logicalNot
    | left=expression operator=(AND | LOGICAL_AND) right=expression                       #logicalBinary
    | left=expression operator=XOR right=expression                                       #logicalBinary
    | left=expression operator=(OR | CONCAT_PIPES) right=expression                       #logicalBinary
    | predicate                                                                           #predicateExpression
    ;

predicate
    : left=predicate comparisonOperator right=valueExpression                             #comparison
    | predicate IS NOT? kind=(NULL | TRUE | FALSE | UNKNOWN)                              #isPredicate
    | value=predicate NOT? BETWEEN lower=valueExpression AND upper=predicate              #between
    | value=predicate NOT? IN LPAREN queryStatement RPAREN                                #inSubquery
    | value=predicate NOT? IN LPAREN expressionList RPAREN                                #inList
    | value=predicate NOT? LIKE pattern=valueExpression (ESCAPE escape=valueExpression)?  #like
    | value=predicate NOT? (REGEXP | RLIKE) pattern=valueExpression                       #regexp
    | valueExpression                                                                     #valuePredicate
    ;

comparisonOperator
    : EQ | NSEQ | NEQ | LT | LTE | GT | GTE
    ;

valueExpression
    : operator=(MINUS_SYMBOL | PLUS_SYMBOL | BITNOT | BANG) valueExpression                             #arithmeticUnary
    | left=valueExpression operator=BITXOR right=valueExpression                          #arithmeticBinary
    | left=valueExpression operator=(ASTERISK | SLASH | PERCENT | DIV | MOD) right=valueExpression  #arithmeticBinary
    | left=valueExpression operator=(PLUS_SYMBOL | MINUS_SYMBOL) right=valueExpression                  #arithmeticBinary
    | left=valueExpression operator=BITAND right=valueExpression                          #arithmeticBinary
    | left=valueExpression operator=BITOR right=valueExpression                           #arithmeticBinary
    | primaryExpression                                                                   #primaryValue
    ;

primaryExpression
    : NULL                                                                                #nullLiteral
    | (TRUE | FALSE)                                                                      #booleanLiteral
    | number                                                                              #numericLiteral
    | string+                                                                             #stringLiteral
    | BINARY_LITERAL                                                                      #binaryLiteral
    | kind=(DATE | DATETIME | TIMESTAMP) string                                           #typedLiteral
    | INTERVAL value=expression unit=intervalUnit                                         #intervalLiteral
    | variable                                                                            #variableReference
    | CAST LPAREN expression AS type RPAREN                                               #cast
    | CONVERT LPAREN expression COMMA type RPAREN                                         #convert
    | CASE operand=expression whenClause+ (ELSE elseExpression=expression)? END           #simpleCase
    | CASE whenClause+ (ELSE elseExpression=expression)? END                              #searchedCase
    | EXTRACT LPAREN unit=intervalUnit FROM value=valueExpression RPAREN                  #extract
    | name=(SUBSTRING | SUBSTR) LPAREN value=expression FROM from=expression (FOR length=expression)? RPAREN  #substringFrom
    | TRIM LPAREN side=(BOTH | LEADING | TRAILING)? remove=expression? FROM value=expression RPAREN  #trimFrom
    | name=(CURRENT_DATE | CURRENT_TIME | CURRENT_TIMESTAMP | LOCALTIME | LOCALTIMESTAMP | CURRENT_USER)
      (LPAREN RPAREN)?                                                                    #specialFunction
    | functionCall                                                                        #functionCallExpression
    | EXISTS LPAREN queryStatement RPAREN                                                 #exists
    | LPAREN queryStatement RPAREN                                                        #subqueryExpression
    | LPAREN expression RPAREN                                                            #parenthesizedExpression
    | LPAREN expression (COMMA expression)+ RPAREN                                        #rowConstructor
    | LBRACKET expressionList? RBRACKET                                                   #arrayLiteral
    | qualifiedName                                                                       #columnReference
    | base=primaryExpression LBRACKET index=valueExpression RBRACKET                      #subscript
    | base=primaryExpression ARROW path=string                                            #jsonArrow
    | base=primaryExpression DOUBLE_COLON type                                            #doubleColonCast
    | base=primaryExpression COLLATE collation=identifierOrString                         #collate
    ;

functionCall
    : functionName LPAREN ASTERISK RPAREN overClause?                                     #starFunctionCall
    | functionName LPAREN (setQuantifier? expression (COMMA expression)*)?
      (ORDER BY sortItem (COMMA sortItem)*)? (SEPARATOR separator=string)? (IGNORE NULLS)? RPAREN overClause?  #simpleFunctionCall
    ;

// Reserved words that are also function names (IF, LEFT, ...), plus every non-reserved identifier.
functionName
    : qualifiedName
    | IF
    | LEFT
    | RIGHT
    | MOD
    | INSERT
    | CHAR
    | GROUPING
    | REGEXP
    ;

whenClause
    : WHEN condition=expression THEN result=expression
    ;

overClause
    : OVER LPAREN windowSpec RPAREN
    ;

windowSpec
    : (PARTITION BY partition+=expression (COMMA partition+=expression)*)?
      (ORDER BY sortItem (COMMA sortItem)*)?
      windowFrame?
    ;

windowFrame
    : frameType=(ROWS | RANGE) start=frameBound
    | frameType=(ROWS | RANGE) BETWEEN start=frameBound AND end=frameBound
    ;

frameBound
    : UNBOUNDED boundType=(PRECEDING | FOLLOWING)                                         #unboundedFrame
    | CURRENT ROW                                                                         #currentRowBound
    | expression boundType=(PRECEDING | FOLLOWING)                                        #boundedFrame
    ;

/** @@var, @@session.var, @@global.var, @user_var. */
variable
    : DOUBLE_AT (scope=(GLOBAL | SESSION | LOCAL) DOT)? name=identifier                   #systemVariable
    | AT name=identifierOrString                                                          #userVariable
    ;

intervalUnit
    : YEAR | QUARTER | MONTH | WEEK | DAY | HOUR | MINUTE | SECOND | MILLISECOND | MICROSECOND
    ;

// ---- types (CAST and DDL)

type
    : name=(TINYINT | SMALLINT | INT | INTEGER | BIGINT | LARGEINT) (LPAREN INTEGER_VALUE RPAREN)? UNSIGNED?  #integerType
    | name=(BOOLEAN | FLOAT | DOUBLE | DATE | DATETIME | TIMESTAMP | TIME | STRING | JSON | BITMAP | HLL
            | TEXT | BINARY | VARBINARY)                                                  #simpleType
    | name=(DECIMAL | DECIMALV2 | DECIMAL32 | DECIMAL64 | DECIMAL128 | NUMERIC)
      (LPAREN precision=INTEGER_VALUE (COMMA scale=INTEGER_VALUE)? RPAREN)?               #decimalType
    | name=(CHAR | CHARACTER | VARCHAR) (LPAREN length=INTEGER_VALUE RPAREN)?             #charType
    | name=(SIGNED | UNSIGNED) INTEGER?                                                   #signedType
    | ARRAY LT type GT                                                                    #arrayType
    | MAP LT keyType=type COMMA valueType=type GT                                         #mapType
    ;

// ---- names and literals

qualifiedName
    : identifier (DOT identifier)*
    ;

identifier
    : IDENTIFIER
    | BACKQUOTED_IDENTIFIER
    | nonReserved
    ;

identifierOrString
    : identifier
    | string
    ;

identifierList
    : identifier (COMMA identifier)*
    ;

string
    : SINGLE_QUOTED_TEXT
    | DOUBLE_QUOTED_TEXT
    ;

number
    : INTEGER_VALUE                                                                       #integerLiteral
    | DECIMAL_VALUE                                                                       #decimalLiteral
    | DOUBLE_VALUE                                                                        #doubleLiteral
    ;

signedNumber
    : MINUS_SYMBOL? number
    ;

// ============================================================================================ DML

insertStatement
    : INSERT (INTO | OVERWRITE) TABLE? target=qualifiedName partitionNames?
      (WITH LABEL label=identifier)? columnAliases?
      (VALUES valuesRow (COMMA valuesRow)* | queryStatement)
    ;

valuesRow
    : LPAREN (expressionOrDefault (COMMA expressionOrDefault)*)? RPAREN
    ;

expressionOrDefault
    : DEFAULT
    | expression
    ;

updateStatement
    : withClause? UPDATE target=qualifiedName (AS? alias=identifier)? SET assignment (COMMA assignment)*
      fromClause? whereClause?
    ;

assignment
    : column=qualifiedName EQ value=expressionOrDefault
    ;

deleteStatement
    : withClause? DELETE FROM target=qualifiedName partitionNames? (AS? alias=identifier)?
      (USING relation (COMMA relation)*)? whereClause?
    ;

explainStatement
    : (EXPLAIN | DESC | DESCRIBE) level=(VERBOSE | COSTS | ANALYZE | LOGICAL)?
      (queryStatement | insertStatement | updateStatement | deleteStatement)
    ;

// ============================================================================================ DDL

createDatabaseStatement
    : CREATE (DATABASE | SCHEMA) ifNotExists? name=qualifiedName propertiesClause?
    ;

dropDatabaseStatement
    : DROP (DATABASE | SCHEMA) ifExists? name=qualifiedName FORCE?
    ;

useStatement
    : USE name=qualifiedName
    ;

ifNotExists
    : IF NOT EXISTS
    ;

ifExists
    : IF EXISTS
    ;

createTableStatement
    : CREATE EXTERNAL? TABLE ifNotExists? name=qualifiedName
      LPAREN tableElement (COMMA tableElement)* RPAREN
      engineClause?
      keysClause?
      commentClause?
      partitionClause?
      distributionClause?
      orderByKeys?
      propertiesClause?
    ;

createTableAsSelectStatement
    : CREATE TABLE ifNotExists? name=qualifiedName columnAliases?
      engineClause?
      keysClause?
      commentClause?
      partitionClause?
      distributionClause?
      orderByKeys?
      propertiesClause?
      AS queryStatement
    ;

createTableLikeStatement
    : CREATE EXTERNAL? TABLE ifNotExists? name=qualifiedName LIKE source=qualifiedName
    ;

tableElement
    : columnDefinition
    | indexDefinition
    ;

columnDefinition
    : name=identifier type charsetClause? KEY? aggregationType? columnNullable? defaultClause? AUTO_INCREMENT?
      commentClause?
    ;

charsetClause
    : (CHARSET | CHARACTER SET | CHAR SET) identifierOrString (COLLATE identifierOrString)?
    | COLLATE identifierOrString
    ;

aggregationType
    : SUM | MAX | MIN | REPLACE | REPLACE_IF_NOT_NULL | HLL_UNION | BITMAP_UNION | PERCENTILE_UNION
    ;

columnNullable
    : NULL
    | NOT NULL
    ;

defaultClause
    : DEFAULT defaultValue
    ;

defaultValue
    : string                                                                              #stringDefault
    | signedNumber                                                                        #numberDefault
    | NULL                                                                                #nullDefault
    | (TRUE | FALSE)                                                                      #booleanDefault
    | (CURRENT_TIMESTAMP | NOW) (LPAREN RPAREN)?                                          #currentTimestampDefault
    | LPAREN expression RPAREN                                                            #expressionDefault
    ;

indexDefinition
    : INDEX name=identifier LPAREN identifierList RPAREN (USING indexType=identifier)? commentClause?
    ;

engineClause
    : ENGINE EQ engine=identifier
    ;

keysClause
    : keysType=(DUPLICATE | AGGREGATE | UNIQUE | PRIMARY) KEY LPAREN identifierList RPAREN
    ;

commentClause
    : COMMENT EQ? string
    ;

partitionClause
    : PARTITION BY RANGE LPAREN identifierList RPAREN
      LPAREN (rangePartitionItem (COMMA rangePartitionItem)*)? RPAREN                     #rangePartitionClause
    | PARTITION BY LIST LPAREN identifierList RPAREN
      LPAREN (listPartitionItem (COMMA listPartitionItem)*)? RPAREN                       #listPartitionClause
    | PARTITION BY expression (COMMA expression)*                                         #expressionPartitionClause
    ;

rangePartitionItem
    : PARTITION ifNotExists? name=identifier VALUES LESS THAN (MAXVALUE | upper=partitionValueList)
      propertiesClause?                                                                   #lessThanPartition
    | PARTITION ifNotExists? name=identifier VALUES LBRACKET lower=partitionValueList COMMA upper=partitionValueList
      RPAREN propertiesClause?                                                            #fixedRangePartition
    | START LPAREN start=string RPAREN END LPAREN end=string RPAREN EVERY LPAREN every=expression RPAREN  #batchRangePartition
    ;

listPartitionItem
    : PARTITION ifNotExists? name=identifier VALUES IN LPAREN listPartitionValue (COMMA listPartitionValue)* RPAREN
      propertiesClause?
    ;

listPartitionValue
    : partitionValue
    | partitionValueList
    ;

partitionValueList
    : LPAREN partitionValue (COMMA partitionValue)* RPAREN
    ;

partitionValue
    : string
    | signedNumber
    | MAXVALUE
    | NULL
    ;

distributionClause
    : DISTRIBUTED BY HASH LPAREN identifierList RPAREN (BUCKETS buckets=INTEGER_VALUE)?   #hashDistribution
    | DISTRIBUTED BY RANDOM (BUCKETS buckets=INTEGER_VALUE)?                              #randomDistribution
    ;

orderByKeys
    : ORDER BY LPAREN identifierList RPAREN
    ;

propertiesClause
    : PROPERTIES LPAREN property (COMMA property)* RPAREN
    ;

property
    : key=propertyKey EQ value=string
    ;

propertyKey
    : string
    | qualifiedName
    ;

dropTableStatement
    : DROP TEMPORARY? TABLE ifExists? name=qualifiedName FORCE?
    ;

truncateTableStatement
    : TRUNCATE TABLE? name=qualifiedName partitionNames?
    ;

alterTableStatement
    : ALTER TABLE name=qualifiedName alterClause (COMMA alterClause)*
    ;

alterClause
    : ADD COLUMN columnDefinition columnPosition? (TO rollup=identifier)?                 #addColumnClause
    | ADD COLUMN LPAREN columnDefinition (COMMA columnDefinition)* RPAREN (TO rollup=identifier)?  #addColumnsClause
    | DROP COLUMN column=identifier (FROM rollup=identifier)?                             #dropColumnClause
    | MODIFY COLUMN columnDefinition columnPosition? (FROM rollup=identifier)?            #modifyColumnClause
    | RENAME COLUMN from=identifier TO to=identifier                                      #renameColumnClause
    | RENAME TO? newName=identifier                                                       #renameTableClause
    | SET LPAREN property (COMMA property)* RPAREN                                        #setPropertiesClause
    | ADD TEMPORARY? rangePartitionItem distributionClause?                               #addRangePartitionClause
    | ADD TEMPORARY? listPartitionItem distributionClause?                                #addListPartitionClause
    | DROP TEMPORARY? PARTITION ifExists? partition=identifier FORCE?                     #dropPartitionClause
    | COMMENT EQ? string                                                                  #alterCommentClause
    | ADD INDEX name=identifier LPAREN identifierList RPAREN (USING indexType=identifier)? commentClause?  #addIndexClause
    | DROP INDEX name=identifier                                                          #dropIndexClause
    | (BASE | CUMULATIVE)? COMPACT (partition=identifier | partitionNames)?               #compactClause
    ;

// CREATE INDEX idx ON t (col) USING BITMAP [COMMENT '...'] / DROP INDEX idx ON t (StarRocks' index DDL)
createIndexStatement
    : CREATE INDEX name=identifier ON table=qualifiedName LPAREN identifierList RPAREN
      (USING indexType=identifier)? commentClause?
    ;

dropIndexStatement
    : DROP INDEX name=identifier ON table=qualifiedName
    ;

columnPosition
    : FIRST
    | AFTER identifier
    ;

createViewStatement
    : CREATE (OR REPLACE)? VIEW ifNotExists? name=qualifiedName
      (LPAREN viewColumn (COMMA viewColumn)* RPAREN)? commentClause? AS queryStatement
    ;

viewColumn
    : identifier commentClause?
    ;

alterViewStatement
    : ALTER VIEW name=qualifiedName (LPAREN viewColumn (COMMA viewColumn)* RPAREN)? AS queryStatement
    ;

dropViewStatement
    : DROP VIEW ifExists? name=qualifiedName
    ;

describeStatement
    : (DESC | DESCRIBE) table=qualifiedName ALL?
    ;

// ============================================================================================ SHOW

/** SHOW ... LIKE 'pattern' | WHERE expr. */
likeOrWhere
    : LIKE pattern=string
    | WHERE expression
    ;

fromOrIn
    : FROM
    | IN
    ;

showDatabasesStatement
    : SHOW (DATABASES | SCHEMAS) (fromOrIn catalog=identifier)? likeOrWhere?
    ;

showTablesStatement
    : SHOW FULL? TABLES (fromOrIn db=qualifiedName)? likeOrWhere?
    ;

showColumnsStatement
    : SHOW FULL? (COLUMNS | FIELDS) fromOrIn table=qualifiedName (fromOrIn db=qualifiedName)? likeOrWhere?
    ;

showCreateTableStatement
    : SHOW CREATE (TABLE | VIEW | MATERIALIZED VIEW) name=qualifiedName
    ;

showCreateDatabaseStatement
    : SHOW CREATE (DATABASE | SCHEMA) name=qualifiedName
    ;

showIndexStatement
    : SHOW (INDEX | INDEXES | KEYS) fromOrIn table=qualifiedName (fromOrIn db=qualifiedName)?
    ;

showTableStatusStatement
    : SHOW TABLE STATUS (fromOrIn db=qualifiedName)? likeOrWhere?
    ;

varType
    : GLOBAL
    | SESSION
    | LOCAL
    ;

showVariablesStatement
    : SHOW varType? VARIABLES likeOrWhere?
    ;

showStatusStatement
    : SHOW varType? STATUS likeOrWhere?
    ;

showCollationStatement
    : SHOW COLLATION likeOrWhere?
    ;

showCharsetStatement
    : SHOW (CHARSET | CHAR SET | CHARACTER SET) likeOrWhere?
    ;

showEnginesStatement
    : SHOW STORAGE? ENGINES likeOrWhere?
    ;

showPluginsStatement
    : SHOW PLUGINS likeOrWhere?
    ;

showPrivilegesStatement
    : SHOW PRIVILEGES likeOrWhere?
    ;

showGrantsStatement
    : SHOW GRANTS (FOR userIdentity)?
    ;

showWarningsStatement
    : SHOW WARNINGS limitClause?
    ;

showErrorsStatement
    : SHOW ERRORS limitClause?
    ;

showProcesslistStatement
    : SHOW FULL? PROCESSLIST likeOrWhere?
    ;

showPartitionsStatement
    : SHOW TEMPORARY? PARTITIONS FROM table=qualifiedName whereClause? orderByClause? limitClause?
    ;

showTabletStatement
    : SHOW (TABLET | TABLETS) FROM table=qualifiedName partitionNames? whereClause? orderByClause? limitClause?  #showTabletsFromTable
    | SHOW TABLET tabletId=INTEGER_VALUE                                                  #showTabletById
    ;

showProcStatement
    : SHOW PROC path=string
    ;

showLoadStatement
    : SHOW LOAD (FROM db=identifier)? whereClause? orderByClause? limitClause?
    ;

showDataStatement
    : SHOW DATA (FROM name=qualifiedName)?
    ;

showUsersStatement
    : SHOW USERS
    ;

showRolesStatement
    : SHOW ROLES
    ;

showFrontendsStatement
    : SHOW FRONTENDS
    ;

showBackendsStatement
    : SHOW BACKENDS
    ;

showComputeNodesStatement
    : SHOW COMPUTE NODES
    ;

showCatalogsStatement
    : SHOW CATALOGS
    ;

showTransactionStatement
    : SHOW TRANSACTION (FROM db=identifier)? whereClause?
    ;

// ============================================================================================ SET, session, users

setStatement
    : SET setVariable (COMMA setVariable)*
    ;

setVariable
    : NAMES (charset=identifierOrString | DEFAULT) (COLLATE (collate=identifierOrString | DEFAULT))?  #setNames
    | (CHARACTER SET | CHARSET | CHAR SET) (charset=identifierOrString | DEFAULT)         #setCharset
    | varType? TRANSACTION transactionCharacteristic (COMMA transactionCharacteristic)*   #setTransaction
    | PASSWORD (FOR userIdentity)? EQ (password=string | PASSWORD LPAREN password=string RPAREN)  #setPassword
    | AT name=identifierOrString (EQ | ASSIGN) expression                                 #setUserVariable
    | (varType | DOUBLE_AT (varType DOT)?)? name=identifier (EQ | ASSIGN) setValue        #setSystemVariable
    ;

setValue
    : DEFAULT
    | ON
    | ALL
    | expression
    ;

transactionCharacteristic
    : ISOLATION LEVEL isolationLevel
    | READ ONLY
    | READ WRITE
    ;

isolationLevel
    : READ UNCOMMITTED
    | READ COMMITTED
    | REPEATABLE READ
    | SERIALIZABLE
    ;

/** 'user', 'user'@'host', user@host, `user`@`host`. */
userIdentity
    : user=identifierOrString (AT host=identifierOrString)?
    ;

killStatement
    : KILL (QUERY | CONNECTION)? (id=INTEGER_VALUE | queryId=string)
    ;

beginStatement
    : BEGIN WORK?
    | START TRANSACTION (transactionStartOption (COMMA transactionStartOption)*)?
    ;

transactionStartOption
    : WITH CONSISTENT SNAPSHOT
    | READ ONLY
    | READ WRITE
    ;

commitStatement
    : COMMIT WORK? (AND NO? CHAIN)? (NO? RELEASE)?
    ;

rollbackStatement
    : ROLLBACK WORK? (AND NO? CHAIN)? (NO? RELEASE)?
    ;

createUserStatement
    : CREATE USER ifNotExists? userIdentity authOption? (DEFAULT ROLE identifierOrString (COMMA identifierOrString)*)?
    ;

alterUserStatement
    : ALTER USER ifExists? userIdentity authOption
    ;

authOption
    : IDENTIFIED BY PASSWORD? password=string                                             #authPassword
    | IDENTIFIED WITH plugin=identifierOrString ((BY | AS) authString=string)?            #authPlugin
    ;

dropUserStatement
    : DROP USER ifExists? userIdentity
    ;

grantStatement
    : GRANT privilegeList ON privilegeObject TO grantee (WITH GRANT OPTION)?              #grantPrivilege
    | GRANT identifierOrString (COMMA identifierOrString)* TO grantee                     #grantRole
    ;

revokeStatement
    : REVOKE privilegeList ON privilegeObject FROM grantee                                #revokePrivilege
    | REVOKE identifierOrString (COMMA identifierOrString)* FROM grantee                  #revokeRole
    ;

privilegeList
    : privilege (COMMA privilege)*
    ;

privilege
    : ALL PRIVILEGES?
    | privilegeWord+
    ;

privilegeWord
    : SELECT | INSERT | UPDATE | DELETE | CREATE | DROP | ALTER | INDEX | GRANT | identifier
    ;

/** Loosely parsed: TABLE db.t, *.*, db.*, ALL TABLES IN DATABASE d, ... */
privilegeObject
    : (~(TO | FROM | SEMICOLON))+
    ;

grantee
    : USER? userIdentity
    | ROLE role=identifierOrString
    ;

analyzeStatement
    : ANALYZE (FULL | SAMPLE)? TABLE name=qualifiedName columnAliases? (WITH (SYNC | ASYNC) MODE)? propertiesClause?
    ;

// Statistics statements (io.starling.fe.stats): DROP STATS t, SHOW STATS META, SHOW COLUMN STATS t (Doris' form;
// StarRocks keeps column statistics in a table instead), SHOW ANALYZE STATUS.
dropStatsStatement
    : DROP STATS name=qualifiedName
    ;

showStatsMetaStatement
    : SHOW STATS META likeOrWhere?
    ;

showColumnStatsStatement
    : SHOW COLUMN STATS name=qualifiedName
    ;

showAnalyzeStatusStatement
    : SHOW ANALYZE STATUS likeOrWhere?
    ;

// Query profiles (io.starling.fe.qe.profile): SHOW PROFILELIST [LIMIT n], ANALYZE PROFILE FROM 'id'[, node ids].
showProfilelistStatement
    : SHOW PROFILELIST (LIMIT limit=INTEGER_VALUE)?
    ;

analyzeProfileStatement
    : ANALYZE PROFILE FROM queryId=string (COMMA INTEGER_VALUE)*
    ;

/** ADMIN SHOW ..., ADMIN SET ...: parsed loosely, the executor looks at the tokens. */
adminStatement
    : ADMIN (~SEMICOLON)+
    ;

/** ALTER SYSTEM ADD BACKEND 'h:p', ...: parsed loosely. */
alterSystemStatement
    : ALTER SYSTEM (~SEMICOLON)+
    ;

// ============================================================================================ keywords

// Keywords usable as identifiers. Reserved (not listed): statement verbs, clause words, join words, operators.
nonReserved
    : ADMIN | AFTER | AGGREGATE | ANALYZE | ANTI | ARRAY | ASYNC | AUTO_INCREMENT | BACKENDS | BEGIN | BINARY | BITMAP
    | BITMAP_UNION | BOOLEAN | BOTH | BUCKETS | CATALOGS | CHAIN | CHARSET | COLLATE | COLLATION | COLUMNS | COMMENT
    | COMMIT | COMMITTED | COMPUTE | CONNECTION | CONSISTENT | COSTS | CURRENT | DATA | DATABASE | DATABASES | DATE
    | DATETIME | DAY | DECIMAL32 | DECIMAL64 | DECIMAL128 | DECIMALV2 | DISTRIBUTED | DUPLICATE | DUAL | END
    | ENGINE | ENGINES | ERRORS | ESCAPE | EVERY | EXTERNAL | FIELDS | FIRST | FOLLOWING | FORCE | FRONTENDS
    | GLOBAL | GRANTS | HASH | HLL | HLL_UNION | HOUR | IDENTIFIED | IGNORE | INDEXES | ISOLATION | JSON | KEY | KEYS | KILL
    | LABEL | LAST | LEADING | LESS | LEVEL | LIST | LOAD | LOCAL | LOGICAL | MAP | MATERIALIZED | MAX | MAXVALUE
    | META | MICROSECOND | MILLISECOND | MIN | MINUTE | MODE | MODIFY | MONTH | NAMES | NO | NODES | NOW | NULLS | OFFSET
    | ONLY | OPTION | OVERWRITE | PARTITIONS | PASSWORD | PERCENTILE_UNION | PLUGINS | PRECEDING | PRIVILEGES | PROC
    | PROCESSLIST | PROPERTIES | QUARTER | QUERY | RANDOM | RANGE | READ | RECURSIVE | RELEASE | REPEATABLE | REPLACE
    | REPLACE_IF_NOT_NULL | ROLE | ROLES | ROLLBACK | ROW | SAMPLE | SCHEMA | SCHEMAS | SECOND | SEMI | SEPARATOR | SERIALIZABLE
    | SESSION | SETS | SIGNED | SNAPSHOT | START | STATS | STATUS | STORAGE | STRING | SUBSTR | SUBSTRING | SUM | SYNC | SYSTEM
    | TABLES | TABLET | TABLETS | TEMPORARY | TEXT | THAN | TIME | TIMESTAMP | TRAILING | TRANSACTION | TRIM
    | TRUNCATE | TYPE | UNBOUNDED | UNCOMMITTED | UNKNOWN | USER | USERS | VALUE | VARBINARY | VARIABLES | VERBOSE
    | VIEW | WARNINGS | WEEK | WORK | WRITE | YEAR | CAST | CONVERT | EXTRACT | TINYINT | SMALLINT | INT | INTEGER
    | BIGINT | LARGEINT | FLOAT | DOUBLE | DECIMAL | NUMERIC | CHARACTER | VARCHAR | UNSIGNED | PLUGIN
    | BASE | COMPACT | CUMULATIVE
    | PROFILE | PROFILELIST
    ;

// ============================================================================================ lexer

ADD: 'ADD';
ADMIN: 'ADMIN';
AFTER: 'AFTER';
AGGREGATE: 'AGGREGATE';
ALL: 'ALL';
ALTER: 'ALTER';
ANALYZE: 'ANALYZE';
AND: 'AND';
ANTI: 'ANTI';
ARRAY: 'ARRAY';
AS: 'AS';
ASC: 'ASC';
ASYNC: 'ASYNC';
AUTO_INCREMENT: 'AUTO_INCREMENT';
BACKENDS: 'BACKENDS';
BEGIN: 'BEGIN';
BETWEEN: 'BETWEEN';
BIGINT: 'BIGINT';
BINARY: 'BINARY';
BITMAP: 'BITMAP';
BITMAP_UNION: 'BITMAP_UNION';
BOOLEAN: 'BOOLEAN';
BOTH: 'BOTH';
BUCKETS: 'BUCKETS';
BY: 'BY';
CASE: 'CASE';
CAST: 'CAST';
CATALOGS: 'CATALOGS';
CHAIN: 'CHAIN';
CHAR: 'CHAR';
CHARACTER: 'CHARACTER';
CHARSET: 'CHARSET';
COLLATE: 'COLLATE';
COLLATION: 'COLLATION';
COLUMN: 'COLUMN';
COLUMNS: 'COLUMNS';
COMMENT: 'COMMENT';
COMMIT: 'COMMIT';
COMMITTED: 'COMMITTED';
COMPACT: 'COMPACT';
COMPUTE: 'COMPUTE';
CUMULATIVE: 'CUMULATIVE';
BASE: 'BASE';
CONNECTION: 'CONNECTION';
CONSISTENT: 'CONSISTENT';
CONVERT: 'CONVERT';
COSTS: 'COSTS';
CREATE: 'CREATE';
CROSS: 'CROSS';
CUBE: 'CUBE';
CURRENT: 'CURRENT';
CURRENT_DATE: 'CURRENT_DATE';
CURRENT_TIME: 'CURRENT_TIME';
CURRENT_TIMESTAMP: 'CURRENT_TIMESTAMP';
CURRENT_USER: 'CURRENT_USER';
DATA: 'DATA';
DATABASE: 'DATABASE';
DATABASES: 'DATABASES';
DATE: 'DATE';
DATETIME: 'DATETIME';
DAY: 'DAY';
DECIMAL: 'DECIMAL';
DECIMALV2: 'DECIMALV2';
DECIMAL32: 'DECIMAL32';
DECIMAL64: 'DECIMAL64';
DECIMAL128: 'DECIMAL128';
DEFAULT: 'DEFAULT';
DELETE: 'DELETE';
DESC: 'DESC';
DESCRIBE: 'DESCRIBE';
DISTINCT: 'DISTINCT';
DISTRIBUTED: 'DISTRIBUTED';
DIV: 'DIV';
DOUBLE: 'DOUBLE';
DROP: 'DROP';
DUAL: 'DUAL';
DUPLICATE: 'DUPLICATE';
ELSE: 'ELSE';
END: 'END';
ENGINE: 'ENGINE';
ENGINES: 'ENGINES';
ERRORS: 'ERRORS';
ESCAPE: 'ESCAPE';
EVERY: 'EVERY';
EXCEPT: 'EXCEPT';
EXISTS: 'EXISTS';
EXPLAIN: 'EXPLAIN';
EXTERNAL: 'EXTERNAL';
EXTRACT: 'EXTRACT';
FALSE: 'FALSE';
FIELDS: 'FIELDS';
FIRST: 'FIRST';
FLOAT: 'FLOAT';
FOLLOWING: 'FOLLOWING';
FOR: 'FOR';
FORCE: 'FORCE';
FROM: 'FROM';
FRONTENDS: 'FRONTENDS';
FULL: 'FULL';
GLOBAL: 'GLOBAL';
GRANT: 'GRANT';
GRANTS: 'GRANTS';
GROUP: 'GROUP';
GROUPING: 'GROUPING';
HASH: 'HASH';
HAVING: 'HAVING';
HLL: 'HLL';
HLL_UNION: 'HLL_UNION';
HOUR: 'HOUR';
IDENTIFIED: 'IDENTIFIED';
IF: 'IF';
IGNORE: 'IGNORE';
IN: 'IN';
INDEX: 'INDEX';
INDEXES: 'INDEXES';
INNER: 'INNER';
INSERT: 'INSERT';
INT: 'INT';
INTEGER: 'INTEGER';
INTERSECT: 'INTERSECT';
INTERVAL: 'INTERVAL';
INTO: 'INTO';
IS: 'IS';
ISOLATION: 'ISOLATION';
JOIN: 'JOIN';
JSON: 'JSON';
KEY: 'KEY';
KEYS: 'KEYS';
KILL: 'KILL';
LABEL: 'LABEL';
LARGEINT: 'LARGEINT';
LAST: 'LAST';
LEADING: 'LEADING';
LEFT: 'LEFT';
LESS: 'LESS';
LEVEL: 'LEVEL';
LIKE: 'LIKE';
LIMIT: 'LIMIT';
LIST: 'LIST';
LOAD: 'LOAD';
LOCAL: 'LOCAL';
LOCALTIME: 'LOCALTIME';
LOCALTIMESTAMP: 'LOCALTIMESTAMP';
LOGICAL: 'LOGICAL';
MAP: 'MAP';
MATERIALIZED: 'MATERIALIZED';
MAX: 'MAX';
MAXVALUE: 'MAXVALUE';
META: 'META';
MICROSECOND: 'MICROSECOND';
MILLISECOND: 'MILLISECOND';
MIN: 'MIN';
MINUS: 'MINUS';
MINUTE: 'MINUTE';
MOD: 'MOD';
MODE: 'MODE';
MODIFY: 'MODIFY';
MONTH: 'MONTH';
NAMES: 'NAMES';
NO: 'NO';
NODES: 'NODES';
NOT: 'NOT';
NOW: 'NOW';
NULL: 'NULL';
NULLS: 'NULLS';
NUMERIC: 'NUMERIC';
OFFSET: 'OFFSET';
ON: 'ON';
ONLY: 'ONLY';
OPTION: 'OPTION';
OR: 'OR';
ORDER: 'ORDER';
OUTER: 'OUTER';
OVER: 'OVER';
OVERWRITE: 'OVERWRITE';
PARTITION: 'PARTITION';
PARTITIONS: 'PARTITIONS';
PASSWORD: 'PASSWORD';
PERCENTILE_UNION: 'PERCENTILE_UNION';
PLUGIN: 'PLUGIN';
PLUGINS: 'PLUGINS';
PRECEDING: 'PRECEDING';
PRIMARY: 'PRIMARY';
PRIVILEGES: 'PRIVILEGES';
PROC: 'PROC';
PROCESSLIST: 'PROCESSLIST';
PROFILE: 'PROFILE';
PROFILELIST: 'PROFILELIST';
PROPERTIES: 'PROPERTIES';
QUARTER: 'QUARTER';
QUERY: 'QUERY';
RANDOM: 'RANDOM';
RANGE: 'RANGE';
READ: 'READ';
RECURSIVE: 'RECURSIVE';
REGEXP: 'REGEXP';
RELEASE: 'RELEASE';
RENAME: 'RENAME';
REPEATABLE: 'REPEATABLE';
REPLACE: 'REPLACE';
REPLACE_IF_NOT_NULL: 'REPLACE_IF_NOT_NULL';
REVOKE: 'REVOKE';
RIGHT: 'RIGHT';
RLIKE: 'RLIKE';
ROLE: 'ROLE';
ROLES: 'ROLES';
ROLLBACK: 'ROLLBACK';
ROLLUP: 'ROLLUP';
ROW: 'ROW';
ROWS: 'ROWS';
SAMPLE: 'SAMPLE';
SCHEMA: 'SCHEMA';
SCHEMAS: 'SCHEMAS';
SECOND: 'SECOND';
SELECT: 'SELECT';
SEMI: 'SEMI';
SEPARATOR: 'SEPARATOR';
SERIALIZABLE: 'SERIALIZABLE';
SESSION: 'SESSION';
SET: 'SET';
SETS: 'SETS';
SHOW: 'SHOW';
SIGNED: 'SIGNED';
SMALLINT: 'SMALLINT';
SNAPSHOT: 'SNAPSHOT';
START: 'START';
STATS: 'STATS';
STATUS: 'STATUS';
STORAGE: 'STORAGE';
STRING: 'STRING';
SUBSTR: 'SUBSTR';
SUBSTRING: 'SUBSTRING';
SUM: 'SUM';
SYNC: 'SYNC';
SYSTEM: 'SYSTEM';
TABLE: 'TABLE';
TABLES: 'TABLES';
TABLET: 'TABLET';
TABLETS: 'TABLETS';
TEMPORARY: 'TEMPORARY';
TEXT: 'TEXT';
THAN: 'THAN';
THEN: 'THEN';
TIME: 'TIME';
TIMESTAMP: 'TIMESTAMP';
TINYINT: 'TINYINT';
TO: 'TO';
TRAILING: 'TRAILING';
TRANSACTION: 'TRANSACTION';
TRIM: 'TRIM';
TRUE: 'TRUE';
TRUNCATE: 'TRUNCATE';
TYPE: 'TYPE';
UNBOUNDED: 'UNBOUNDED';
UNCOMMITTED: 'UNCOMMITTED';
UNION: 'UNION';
UNIQUE: 'UNIQUE';
UNKNOWN: 'UNKNOWN';
UNSIGNED: 'UNSIGNED';
UPDATE: 'UPDATE';
USE: 'USE';
USER: 'USER';
USERS: 'USERS';
USING: 'USING';
VALUE: 'VALUE';
VALUES: 'VALUES';
VARBINARY: 'VARBINARY';
VARCHAR: 'VARCHAR';
VARIABLES: 'VARIABLES';
VERBOSE: 'VERBOSE';
VIEW: 'VIEW';
WARNINGS: 'WARNINGS';
WEEK: 'WEEK';
WHEN: 'WHEN';
WHERE: 'WHERE';
WITH: 'WITH';
WORK: 'WORK';
WRITE: 'WRITE';
XOR: 'XOR';
YEAR: 'YEAR';

// ---- operators and punctuation

NSEQ: '<=>';
EQ: '=';
NEQ: '<>' | '!=';
LTE: '<=';
GTE: '>=';
LT: '<';
GT: '>';
ASSIGN: ':=';
DOUBLE_COLON: '::';
ARROW: '->';
PLUS_SYMBOL: '+';
MINUS_SYMBOL: '-';
ASTERISK: '*';
SLASH: '/';
PERCENT: '%';
CONCAT_PIPES: '||';
LOGICAL_AND: '&&';
BITAND: '&';
BITOR: '|';
BITXOR: '^';
BITNOT: '~';
BANG: '!';
DOT: '.';
COMMA: ',';
SEMICOLON: ';';
LPAREN: '(';
RPAREN: ')';
LBRACKET: '[';
RBRACKET: ']';
DOUBLE_AT: '@@';
AT: '@';

// ---- literals and identifiers

SINGLE_QUOTED_TEXT
    : '\'' ( '\\' . | '\'\'' | ~['\\] )* '\''
    ;

DOUBLE_QUOTED_TEXT
    : '"' ( '\\' . | '""' | ~["\\] )* '"'
    ;

// X'4142', 0x4142 (hex) and B'0101' (bits): binary strings; must precede INTEGER_VALUE and IDENTIFIER.
BINARY_LITERAL
    : 'X\'' [0-9A-F]* '\''
    | '0X' [0-9A-F]+
    | 'B\'' [01]* '\''
    ;

INTEGER_VALUE
    : DIGIT+
    ;

DECIMAL_VALUE
    : DIGIT+ '.' DIGIT*
    | '.' DIGIT+
    ;

DOUBLE_VALUE
    : DIGIT+ ('.' DIGIT*)? EXPONENT
    | '.' DIGIT+ EXPONENT
    ;

IDENTIFIER
    : (LETTER | '_' | '$') (LETTER | DIGIT | '_' | '$')*
    ;

BACKQUOTED_IDENTIFIER
    : '`' ( ~'`' | '``' )* '`'
    ;

fragment EXPONENT: 'E' [+-]? DIGIT+;
fragment DIGIT: [0-9];
fragment LETTER: [A-Z\u0080-\uFFFE];

// ---- hidden

SIMPLE_COMMENT
    : ('--' | '#') ~[\r\n]* -> channel(HIDDEN)
    ;

// Also swallows optimizer hints /*+ ... */ (ignored).
BRACKETED_COMMENT
    : '/*' .*? '*/' -> channel(HIDDEN)
    ;

WS
    : [ \r\n\t\u000C]+ -> channel(HIDDEN)
    ;

// Any other character: a token the parser rejects with a syntax error (instead of a lexer error).
UNRECOGNIZED
    : .
    ;
